#include "core/media/decode_budget.hpp"

#include <algorithm>
#include <cmath>

namespace adiff {

static int round_down_even(int value)
{
	return value >= 2 ? value & ~1 : std::max(value, 1);
}

FrameSize fit_frames_to_budget(FrameSize source, uint64_t expected_frames, uint64_t budget_bytes)
{
	if (source.width <= 0 || source.height <= 0 || expected_frames == 0)
		return source;
	const uint64_t per_frame_budget = budget_bytes / expected_frames;
	if (rgba_frame_bytes(source) <= per_frame_budget)
		return source;

	// Same aspect ratio: area shrinks by the square of the linear factor. Rounding may land a step too large,
	// so shrink a little more until it truly fits (a factor near 0 ends at the 1x1 floor).
	double factor = std::sqrt(double(per_frame_budget) / double(rgba_frame_bytes(source)));
	for (;;) {
		const FrameSize scaled{round_down_even(int(source.width * factor)),
				       round_down_even(int(source.height * factor))};
		if (rgba_frame_bytes(scaled) <= per_frame_budget || (scaled.width == 1 && scaled.height == 1))
			return scaled;
		factor *= 0.99;
	}
}

} // namespace adiff
