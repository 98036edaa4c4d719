// The decoder's parts on their own: frame timing for streams the fixtures cannot easily produce, and
// fitting frames into the memory budget.
#include "core/media/decode_budget.hpp"
#include "core/media/decode_frame_timing.hpp"
#include "core/media/decode_result.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace adiff::test {
namespace {

TEST(FrameTiming, MissingTimestampsFallBackToPacketDurationThenRateThenAnEighth)
{
	FrameTiming with_rate(1, 1000, 1, 25); // ms time base, 25 fps
	with_rate.add(0, 0);
	with_rate.add(kNoTimestamp, 50); // no pts: its packet says 50 ms
	with_rate.add(kNoTimestamp, 0);  // nothing: the stream's 25 fps
	EXPECT_EQ(with_rate.durations_us(), (std::vector<int64_t>{40000, 50000, 40000}));

	FrameTiming nothing_known(1, 1000, 0, 0);
	nothing_known.add(kNoTimestamp, 0);
	EXPECT_EQ(nothing_known.durations_us(), (std::vector<int64_t>{kDefaultFrameDurationUs}));
}

TEST(FrameTiming, RoundingNeverAccumulatesOverALongClip)
{
	FrameTiming timing(1, 90000, 1, 30); // 30 fps in MPEG's 90 kHz clock: 33333.33 us per frame
	for (int i = 0; i < 300; ++i)
		timing.add(1000 + 3000 * i, 3000);
	int64_t total = 0;
	for (int64_t us : timing.durations_us())
		total += us;
	EXPECT_EQ(total, 10000000); // exactly ten seconds
}

TEST(FrameTiming, RepeatedOrBackwardTimestampsUseTheFrameRate)
{
	FrameTiming timing(1, 100, 1, 10);
	timing.add(0, 0);
	timing.add(0, 0); // same pts again: not a zero-length frame
	timing.add(30, 0);
	const std::vector<int64_t> us = timing.durations_us();
	EXPECT_EQ(us[0], 100000);
	EXPECT_EQ(us[1], 300000);
	EXPECT_GT(us[2], 0);
}

TEST(FitToBudget, KeepsTheSizeWhenItFits)
{
	const FrameSize size = fit_frames_to_budget({512, 512}, 16, 16ull * 512 * 512 * 4);
	EXPECT_EQ(size.width, 512);
	EXPECT_EQ(size.height, 512);
}

TEST(FitToBudget, ShrinksKeepingTheAspectRatio)
{
	const uint64_t budget = 300ull * 1920 * 1080; // 300 frames of 1080p would need 4x this
	const FrameSize size = fit_frames_to_budget({1920, 1080}, 300, budget);
	EXPECT_LE(rgba_frame_bytes(size) * 300, budget);
	EXPECT_NEAR(double(size.width) / size.height, 1920.0 / 1080.0, 0.02);
	EXPECT_GE(size.width, 900);
}

TEST(FitToBudget, TinyBudgetsEndAtOnePixelEvenForExtremeShapes)
{
	const FrameSize tall = fit_frames_to_budget({1, 100000}, 1000, 10);
	EXPECT_EQ(tall.width, 1);
	EXPECT_EQ(tall.height, 1);
	const FrameSize wide = fit_frames_to_budget({4000, 2}, 10, 100);
	EXPECT_LE(rgba_frame_bytes(wide) * 10, 100u);
}

TEST(DecodeResult, ErrorIdsAreDistinct)
{
	std::set<std::string> ids;
	for (DecodeError e :
	     {DecodeError::None, DecodeError::NotFound, DecodeError::OpenFailed, DecodeError::NoVideo,
	      DecodeError::Unsupported, DecodeError::Corrupt, DecodeError::Empty, DecodeError::Canceled})
		ids.insert(decode_error_id(e));
	EXPECT_EQ(ids.size(), 8u);
	EXPECT_STREQ(decode_error_id(DecodeError::NoVideo), "no_video");
}

} // namespace
} // namespace adiff::test
