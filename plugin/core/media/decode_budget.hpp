// How big decoded frames may be so that a whole clip fits a memory budget.
#pragma once

#include <cstdint>

namespace adiff {

struct FrameSize {
	int width = 0, height = 0;
};

constexpr uint64_t kRgbaBytesPerPixel = 4;

inline uint64_t rgba_frame_bytes(FrameSize size)
{
	return uint64_t(size.width) * uint64_t(size.height) * kRgbaBytesPerPixel;
}

// The largest size with the source's aspect ratio whose RGBA frames, times expected_frames, fit in
// budget_bytes. Returns the source size unchanged when it already fits (or expected_frames is unknown, 0).
// Never returns less than 1x1; scaled sizes are rounded down to even numbers when at least 2.
FrameSize fit_frames_to_budget(FrameSize source, uint64_t expected_frames, uint64_t budget_bytes);

} // namespace adiff
