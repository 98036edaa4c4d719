// Plays one decoded clip (and crossfades to the next) from GPU textures uploaded once.
// Decoding runs on a worker thread this object owns; tick/render run on OBS's graphics thread and never
// decode, allocate per frame, or wait on a lock a worker holds across I/O.
#pragma once

#include "core/media/playback_options.hpp"
#include "obs/render/clip_load_event.hpp"
#include "core/media/timeline.hpp"

#include <obs-module.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace adiff {

class ClipPlayer {
public:
	// Called on the decode worker thread when a load finishes (ok or not) and when the smoothing of a
	// loaded clip ends. Must not block long.
	using LoadedFn = std::function<void(const ClipLoadEvent &)>;

	explicit ClipPlayer(LoadedFn on_loaded);
	~ClipPlayer(); // cancels and joins the decode worker; frees textures (enters graphics)
	ClipPlayer(const ClipPlayer &) = delete;
	ClipPlayer &operator=(const ClipPlayer &) = delete;

	void set_options(const PlaybackOptions &options); // any thread; applied on the next tick
	// Any thread: decode `path` on the worker; when ready it crossfades in over the current clip.
	// A newer load supersedes an older one still decoding. A failed load keeps the current clip.
	void load(const std::string &path);

	// Graphics thread only (video_tick / video_render).
	void tick(float seconds, bool showing);
	void render(); // the clip, a crossfade, or a neutral placeholder when there is no clip

	uint32_t width() const; // current clip's size; 512x512 until a clip exists
	uint32_t height() const;
	bool has_clip() const;
	std::string current_path() const; // the clip showing (or fading in)
	SmoothingState smoothing_state() const;

	// Media controls (any thread; take effect on the next tick).
	void play_pause(bool pause);
	void restart();
	void stop(); // back to the first frame, paused
	void set_time_ms(int64_t ms);
	int64_t duration_ms() const;
	int64_t time_ms() const;
	enum obs_media_state media_state() const;

private:
	struct Impl;
	std::unique_ptr<Impl> impl_;
};

} // namespace adiff
