// Motion-interpolated playback of a decoded clip: the same clip at a higher, even frame rate, made with
// FFmpeg's minterpolate, the clip split into segments that run on their own threads (at background priority)
// and are joined in order; pairs of frames whose motion could not be followed are blended instead.
// Cancellable between frames.
#pragma once

#include "core/media/decoder.hpp"
#include "core/net/cancel_flag.hpp"
#include "core/util/thread_priority.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace adiff {

struct SmoothOptions {
	int fps = 30;              // the rate asked for
	bool wrap = true;          // loop mode: the last frame also moves into the first
	uint64_t budget_bytes = 0; // what the interpolated frames may take (RGBA, width*height*4 each)
	const CancelFlag *cancel = nullptr;
	int threads = 0;            // segments run at once; 0: smooth_threads()
	int nice = kBackgroundNice; // priority of the threads this starts (not the caller's own)
};

// The threads one interpolation uses by default: all cores but one, left to OBS (at least one).
int smooth_threads();

enum class SmoothError {
	None,
	Canceled,
	OverBudget, // not even the clip's own rate fits the budget
	Alpha,      // minterpolate has no alpha: transparent clips are blended instead
	TooShort,   // fewer than two frames: nothing to interpolate
	Failed,     // libavfilter refused (the detail says why)
};

const char *smooth_error_id(SmoothError error);

struct SmoothResult {
	SmoothError error = SmoothError::None;
	std::string detail;
	std::shared_ptr<const DecodedClip> clip; // same duration as the source clip, frames 1/fps apart
	int fps = 0;                             // the rate made (lower than asked when the budget did not allow it)
	bool reduced = false;                    // fps < the rate asked for, because of the budget
	size_t blended_pairs = 0;                // source pairs blended because motion could not be followed
	bool from_cache = false;                 // loaded from the clip's companion file, not interpolated
	bool ok() const { return error == SmoothError::None && clip; }
};

// The clip's own average rate, rounded up (16 frames over 2 s: 8).
int source_fps(const DecodedClip &clip);
// How many frames interpolating `clip` to `fps` makes. Loop: every 1/fps over the whole duration (the
// last ones lead into the first frame). Ping-pong: from the first frame to the start of the last one.
uint64_t smooth_frame_count(const DecodedClip &clip, int fps, bool wrap);
// The highest rate from `asked` down to the clip's own whose frames fit budget_bytes; 0 if none does.
int fitting_smooth_fps(const DecodedClip &clip, int asked, bool wrap, uint64_t budget_bytes);

SmoothResult interpolate_clip(const DecodedClip &clip, const SmoothOptions &options);

} // namespace adiff
