// The guard after motion interpolation: where it failed for a pair of source frames, that interval is
// blended instead. A failed motion search shows as a held picture and then a jump: most of the change from
// one source frame to the next lands in a single shown step. A cut or a flash (the frame difference jumps,
// as minterpolate's own fdiff detector measures it) is blended too; minterpolate's own answer to one, a
// repeated frame, is exactly the hold-and-jump this replaces (so the filter runs with scd=none).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adiff {

struct DecodedClip;

// Frames interpolated from `clip` at times_us (increasing, over the clip's clock), changed in place.
// Returns the number of source pairs blended. wrap: the last frame also leads into the first.
size_t blend_failed_pairs(const DecodedClip &clip, bool wrap, const std::vector<int64_t> &times_us,
			  std::vector<std::vector<uint8_t>> *frames);

} // namespace adiff
