// What the clip player tells its owner: a clip decoded or smoothed (ok or not), and the smoothing state for
// get_status. Apart from the player so the worker-side handover can build events without including it.
#pragma once

#include "core/media/decoder.hpp"
#include "core/media/frame_interpolator.hpp"
#include "core/media/playback_options.hpp"

#include <cstdint>
#include <string>

namespace adiff {

struct ClipLoadEvent {
	// Loaded: the plain clip is decoded (it plays at once). Smoothed: motion smoothing of that clip ended
	// (smooth_error None: its interpolated frames replace the plain ones on the same clock).
	enum class Kind { Loaded, Smoothed };
	Kind kind = Kind::Loaded;
	std::string path;
	DecodeError error = DecodeError::None;
	std::string detail;
	int width = 0, height = 0, frames = 0;
	int source_width = 0, source_height = 0;
	int64_t duration_us = 0;
	bool downscaled = false;
	SmoothError smooth_error = SmoothError::None;
	std::string smooth_detail;
	int smooth_fps = 0, smooth_fps_asked = 0; // made / asked for
	bool smooth_reduced = false;              // a lower rate to fit the memory budget
	bool smooth_cached = false;               // from the clip's companion file: nothing interpolated
	bool ok() const { return error == DecodeError::None; }
};

// For get_status: the smoothing asked for and what is showing.
struct SmoothingState {
	SmoothingMode mode = SmoothingMode::Motion;
	bool smoothed = false; // interpolated frames are showing (motion) or frames are blended (blend)
	int fps = 0;           // the interpolated rate showing; 0 when none
	bool reduced = false;  // lower than smooth_fps, to fit the memory budget
};

} // namespace adiff
