// Clip rotation of one source, in OBS terms: its settings, the switch to the next clip from the video
// tick (at no cost: never a generation), and the by-hand moves of hotkeys and vendor requests. The
// schedule itself is core/live/clip_rotation.
#pragma once

#include "core/live/clip_rotation.hpp"

#include <obs.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace adiff {

class RotationControl {
public:
	explicit RotationControl(obs_source_t *source);

	void update(obs_data_t *settings);
	// From video_tick with the history (newest first) and the clip on screen. Plays the next clip when
	// the interval is over; returns the files skipped on the way (missing or damaged), for a note.
	std::vector<std::string> tick(bool showing, const std::vector<std::string> &history,
				      const std::string &playing);
	// A clip started playing (a new one, or one picked by hand): the interval starts from it.
	void clip_started(const std::string &path);
	void clip_failed(const std::string &path); // did not decode: skipped from now on

	// By hand; the path played, or nullopt when there is nothing to play.
	std::optional<std::string> next(const std::vector<std::string> &history, const std::string &playing);
	std::optional<std::string> previous(const std::vector<std::string> &history, const std::string &playing);
	bool enabled() const;

	// Plays `path` the way a new clip does: through the clip_path setting, so the crossfade applies.
	static void play(obs_source_t *source, const std::string &path);

private:
	std::optional<std::string> move(const std::vector<std::string> &history, const std::string &playing,
					std::optional<std::string> (ClipRotation::*pick)());

	obs_source_t *source_;
	mutable std::mutex mutex_; // the rotation is touched from the video tick, hotkeys and requests
	ClipRotation rotation_;
};

void set_rotation_defaults(obs_data_t *settings);
void add_rotation_properties(obs_properties_t *props);

} // namespace adiff
