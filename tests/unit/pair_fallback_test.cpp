// The guard after interpolation: a pair whose in-betweens hold and then jump, or a cut, is blended instead;
// pairs whose in-betweens move evenly are left as they are.
#include "core/media/pair_fallback.hpp"

#include "core/media/decode_result.hpp"
#include "support/circle_clip.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace adiff {
namespace {

using test::CircleClipSpec;

constexpr int64_t kStepUs = 125000;

DecodedClip two_pairs(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b, const std::vector<uint8_t> &c,
		      int size)
{
	DecodedClip clip;
	clip.width = clip.height = size;
	clip.frames = {a, b, c};
	clip.durations_us = {kStepUs, kStepUs, kStepUs};
	clip.duration_us = 3 * kStepUs;
	return clip;
}

// Four in-betweens per pair at 1/5 .. 4/5 of it.
std::vector<int64_t> in_between_times(size_t pairs)
{
	std::vector<int64_t> times;
	for (size_t p = 0; p < pairs; ++p)
		for (int k = 1; k <= 4; ++k)
			times.push_back(int64_t(p) * kStepUs + k * kStepUs / 5);
	return times;
}

TEST(PairFallback, AHeldAndJumpedPairIsBlendedAndAnEvenOneKept)
{
	CircleClipSpec spec;
	const int size = spec.size;
	const std::vector<uint8_t> a = test::circle_frame(spec, 0), b = test::circle_frame(spec, 1),
				   c = test::circle_frame(spec, 2);
	const DecodedClip clip = two_pairs(a, b, c, size);
	// Pair 0 (a -> b): held on a for three in-betweens, then b: a stutter. Pair 1 (b -> c): the source
	// positions in between, as motion interpolation makes them.
	std::vector<std::vector<uint8_t>> frames = {a, a, a, b};
	for (int k = 1; k <= 4; ++k) {
		// A square drawn at 1 + k/5 steps: between b and c.
		std::vector<uint8_t> moved = test::circle_background(spec);
		const test::Point p = test::circle_position(spec, 1.0 + k / 5.0);
		for (int y = int(p.y) - 14; y < int(p.y) + 14; ++y)
			for (int x = int(p.x) - 14; x < int(p.x) + 14; ++x)
				for (int ch = 0; ch < 3; ++ch)
					moved[(size_t(y) * size + size_t(x)) * 4 + size_t(ch)] = 235;
		frames.push_back(moved);
	}
	const std::vector<std::vector<uint8_t>> even(frames.begin() + 4, frames.end());
	const std::vector<int64_t> times = in_between_times(2);
	EXPECT_EQ(blend_failed_pairs(clip, false, times, &frames), 1u);
	// Pair 0 is now a blend from a to b at each in-between's own time.
	for (int k = 0; k < 4; ++k) {
		const double t = (k + 1) / 5.0;
		int worst = 0;
		for (size_t i = 0; i < a.size(); ++i)
			worst = std::max(worst, std::abs(int(frames[size_t(k)][i]) -
							 int(std::lround(a[i] * (1 - t) + b[i] * t))));
		EXPECT_LE(worst, 1) << "in-between " << k;
	}
	for (size_t k = 0; k < even.size(); ++k)
		EXPECT_EQ(frames[4 + k], even[k]) << "an even pair is left as interpolated";
}

TEST(PairFallback, ACutIsBlendedNotHeld)
{
	const int size = 64;
	const std::vector<uint8_t> dark(size_t(size) * size * 4, 20), light(size_t(size) * size * 4, 220);
	const DecodedClip clip = two_pairs(dark, dark, light, size);
	// What minterpolate gives for a cut without scene detection: a mess; with it, a repeated frame.
	std::vector<std::vector<uint8_t>> frames = {dark, dark, dark, dark, dark, dark, light, light};
	EXPECT_EQ(blend_failed_pairs(clip, false, in_between_times(2), &frames), 1u);
	for (int k = 0; k < 4; ++k)
		EXPECT_NEAR(frames[4 + size_t(k)][0], 20 + 200 * (k + 1) / 5.0, 1.5) << "in-between " << k;
}

} // namespace
} // namespace adiff
