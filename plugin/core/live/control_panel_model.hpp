// What the live control dock shows for one source, made from the same JSON that scripts and obs-websocket
// read (get_status, list_clips, the show status): the stage line as a locale key with its values, the
// progress bar, the time so far, the spend line, the clips strip and the setlist. No Qt and no libobs
// here, so every rule of the dock's display is unit-tested; the dock only puts these values on widgets.
#pragma once

#include "core/util/text_template.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace adiff {

struct PanelProgress {
	bool busy = false;          // in flight: Generate waits, Cancel acts
	bool indeterminate = false; // no measure yet (sending, queued, cold start): a moving bar
	int percent = 0;            // 0..100
	bool failed = false;        // failed or canceled: `message` says why
	std::string stage_key;      // locale key of the stage ("Dock.Stage.Denoising")
	TemplateArgs stage_args;    // its {placeholders}
	std::string message;        // the source's own localised status line
};

// From a get_status answer ({state, progress, step, steps, download, frame, frames, cold_start, seed,
// message, smoothing ...}).
PanelProgress panel_progress(const nlohmann::json &status);

// The spend line: the last clip's predict time and the session's total for this source (what Replicate
// bills). Null when the source has made no clip this session and none is known.
struct PanelSpend {
	double last_predict_time_s = -1; // -1: unknown (from disk, or a server that does not say)
	double session_predict_time_s = 0;
	int session_clips = 0;
};
std::optional<PanelSpend> panel_spend(const nlohmann::json &status);

struct PanelClip {
	std::string path;
	std::string prompt;
	std::string label;
	int64_t seed = 0;
	bool playing = false;
};
// From a list_clips answer: newest first, as the source keeps them; malformed entries are skipped.
std::vector<PanelClip> panel_clips(const nlohmann::json &list_clips);
// The seed the "reuse" action puts back: the newest clip's, or none.
std::optional<int64_t> last_clip_seed(const std::vector<PanelClip> &clips);

struct PanelSetlist {
	std::string mode = "off"; // "off" | "sequential" | "shuffle"
	std::vector<std::string> prompts;
	int next = -1;    // index into prompts of the entry the next generation takes
	int current = -1; // the entry that made the clip on screen
};
// `prompts` as set in the source's settings (the indices of the show status refer to that list).
PanelSetlist panel_setlist(const nlohmann::json &show_status, std::vector<std::string> prompts);

// The time a generation has been running: starts when a status shows one in flight, stops at its end.
class GenerationClock {
public:
	void observe(bool busy, double now_s);
	double elapsed_s(double now_s) const; // 0 before any generation; frozen at the last one's end
	bool running() const { return running_; }

private:
	bool running_ = false;
	double started_s_ = 0;
	double ended_s_ = 0;
};

// "42.0 s" under a minute, "3:07" under an hour, "1:02:03" above: for the time so far and predict times.
std::string format_seconds(double seconds);

} // namespace adiff
