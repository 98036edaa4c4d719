// One piece of a clip's motion interpolation: the output frames whose times fall in [from_us, to_us), made by
// its own minterpolate graph from the source frames that start at `first` (and the ones after the window,
// the loop's first frames again at the wrap). Segments of one clip run on separate threads and are joined
// in order; each starts on a source frame, so no output frame is made twice.
#pragma once

#include "core/net/cancel_flag.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace adiff {

struct DecodedClip;

struct SegmentSpec {
	size_t first = 0;    // the source frame at from_us
	int64_t from_us = 0; // = that frame's start
	int64_t to_us = 0;   // exclusive
	int fps = 30;
	bool wrap = true; // after the last frame come the first ones (loop) or the way back (ping-pong)
	const CancelFlag *cancel = nullptr;
};

struct SegmentOutput {
	std::vector<std::vector<uint8_t>> frames; // RGBA, width*height*4 each
	std::vector<int64_t> times_us;            // increasing, in [from_us, to_us)
	std::string error;                        // "" when done (or canceled: check the flag)
};

SegmentOutput interpolate_segment(const DecodedClip &clip, const SegmentSpec &spec);

// The segments for `count` threads: source frames split into runs of about equal length, the last one
// ending at `limit_us` (the clip's end for a loop, just after the last start for ping-pong).
std::vector<SegmentSpec> split_segments(const DecodedClip &clip, int64_t limit_us, size_t count);

} // namespace adiff
