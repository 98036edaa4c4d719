#include "core/live/control_panel_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace adiff {
namespace {

int percent_of(double fraction)
{
	return int(std::lround(std::clamp(fraction, 0.0, 1.0) * 100.0));
}

int int_field(const nlohmann::json &j, const char *key)
{
	const auto it = j.find(key);
	return it != j.end() && it->is_number() ? it->get<int>() : 0;
}

double number_field(const nlohmann::json &j, const char *key, double fallback)
{
	const auto it = j.find(key);
	return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string string_field(const nlohmann::json &j, const char *key, const std::string &fallback = {})
{
	const auto it = j.find(key);
	return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The stage of a generation in flight (the server's side).
void in_flight_stage(const std::string &state, const nlohmann::json &status, PanelProgress *out)
{
	out->busy = true;
	if (state == "submitting") {
		out->indeterminate = true;
		out->stage_key = "Dock.Stage.Sending";
	} else if (state == "starting") {
		out->indeterminate = true;
		out->stage_key = status.value("cold_start", false) ? "Dock.Stage.ColdStart" : "Dock.Stage.Queued";
	} else if (state == "processing") {
		const int step = int_field(status, "step"), steps = int_field(status, "steps");
		out->stage_key = steps > 0 ? "Dock.Stage.Denoising" : "Dock.Stage.Starting";
		out->stage_args = {{"step", std::to_string(step)}, {"steps", std::to_string(steps)}};
	} else { // downloading
		const double download = number_field(status, "download", -1);
		out->stage_key = download >= 0 ? "Dock.Stage.Downloading" : "Dock.Stage.DownloadingPlain";
		out->stage_args = {{"percent", std::to_string(percent_of(download))}};
	}
}

} // namespace

PanelProgress panel_progress(const nlohmann::json &status)
{
	PanelProgress out;
	const std::string state = string_field(status, "state", "idle");
	out.message = string_field(status, "message");
	out.percent = percent_of(number_field(status, "progress", 0));
	if (state == "submitting" || state == "starting" || state == "processing" || state == "downloading") {
		in_flight_stage(state, status, &out);
		return out;
	}
	if (state == "failed" || state == "canceled") {
		out.failed = true;
		out.stage_key = state == "failed" ? "Dock.Stage.Failed" : "Dock.Stage.Canceled";
		out.percent = 0;
		return out;
	}
	if (state != "ready") {
		out.stage_key = "Dock.Stage.Idle";
		out.percent = 0;
		return out;
	}
	// The clip is here; the player may still be decoding (and smoothing) it.
	const int frame = int_field(status, "frame"), frames = int_field(status, "frames");
	if (frames > 0 && frame < frames) {
		const bool smoothing = string_field(status, "smoothing", "off") != "off";
		out.stage_key = smoothing ? "Dock.Stage.Smoothing" : "Dock.Stage.Decoding";
		out.stage_args = {{"frame", std::to_string(frame)}, {"frames", std::to_string(frames)}};
		return out;
	}
	out.stage_key = "Dock.Stage.Done";
	const auto seed = status.find("seed");
	out.stage_args = {{"seed", seed != status.end() && seed->is_number_integer()
					   ? std::to_string(seed->get<int64_t>())
					   : std::string("?")}};
	out.percent = 100;
	return out;
}

std::optional<PanelSpend> panel_spend(const nlohmann::json &status)
{
	PanelSpend spend;
	spend.last_predict_time_s = number_field(status, "predict_time", -1);
	spend.session_predict_time_s = std::max(0.0, number_field(status, "session_predict_time", 0));
	spend.session_clips = std::max(0, int_field(status, "session_clips"));
	if (spend.session_clips == 0 && spend.last_predict_time_s < 0)
		return std::nullopt;
	return spend;
}

std::vector<PanelClip> panel_clips(const nlohmann::json &list_clips)
{
	std::vector<PanelClip> clips;
	const auto list = list_clips.find("clips");
	if (list == list_clips.end() || !list->is_array())
		return clips;
	for (const nlohmann::json &entry : *list) {
		if (!entry.is_object() || string_field(entry, "path").empty())
			continue;
		PanelClip clip;
		clip.path = string_field(entry, "path");
		clip.prompt = string_field(entry, "prompt");
		clip.label = string_field(entry, "label", clip.prompt);
		const auto seed = entry.find("seed");
		clip.seed = seed != entry.end() && seed->is_number_integer() ? seed->get<int64_t>() : 0;
		clip.playing = entry.value("playing", false);
		clips.push_back(std::move(clip));
	}
	return clips;
}

std::optional<int64_t> last_clip_seed(const std::vector<PanelClip> &clips)
{
	if (clips.empty() || clips.front().seed == 0)
		return std::nullopt;
	return clips.front().seed;
}

PanelSetlist panel_setlist(const nlohmann::json &show_status, std::vector<std::string> prompts)
{
	PanelSetlist out;
	out.mode = string_field(show_status, "prompt_list_mode", "off");
	out.prompts = std::move(prompts);
	const int count = int(out.prompts.size());
	const auto in_range = [count](int index) {
		return index >= 0 && index < count ? index : -1;
	};
	const auto index_of = [&](const char *key) {
		const auto it = show_status.find(key);
		return it != show_status.end() && it->is_number_integer() ? in_range(it->get<int>()) : -1;
	};
	out.next = out.mode == "off" ? -1 : index_of("prompt_next");
	out.current = index_of("prompt_index");
	return out;
}

void GenerationClock::observe(bool busy, double now_s)
{
	if (busy && !running_) {
		running_ = true;
		started_s_ = now_s;
	} else if (!busy && running_) {
		running_ = false;
		ended_s_ = now_s;
	}
}

double GenerationClock::elapsed_s(double now_s) const
{
	if (running_)
		return std::max(0.0, now_s - started_s_);
	return std::max(0.0, ended_s_ - started_s_);
}

std::string format_seconds(double seconds)
{
	char text[32];
	if (!(seconds >= 0))
		seconds = 0;
	if (seconds < 60) {
		std::snprintf(text, sizeof text, "%.1f s", seconds);
		return text;
	}
	const long long total = std::llround(seconds);
	const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
	if (h > 0)
		std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", h, m, s);
	else
		std::snprintf(text, sizeof text, "%lld:%02lld", m, s);
	return text;
}

} // namespace adiff
