// Content time and frame mixing: what blended and interpolated playback show for a clock position.
#include "core/media/timeline.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

TEST(TimelineMix, LoopMixesEachFrameIntoTheNextAndTheLastIntoTheFirst)
{
	const Timeline timeline({100, 100, 100, 100});
	EXPECT_EQ(timeline.content_us(450, LoopMode::Loop), 50);
	FrameMix mix = timeline.mix_at(150, true);
	EXPECT_EQ(mix.from, 1u);
	EXPECT_EQ(mix.to, 2u);
	EXPECT_FLOAT_EQ(mix.amount, 0.5f);
	mix = timeline.mix_at(375, true); // the wrap is one more step
	EXPECT_EQ(mix.from, 3u);
	EXPECT_EQ(mix.to, 0u);
	EXPECT_FLOAT_EQ(mix.amount, 0.75f);
	mix = timeline.mix_at(375, false); // no wrap: the last frame holds
	EXPECT_EQ(mix.to, 3u);
	EXPECT_FLOAT_EQ(mix.amount, 0.0f);
}

TEST(TimelineMix, PingPongContentMovesEvenlyThereAndBackWithTheSameCycle)
{
	const Timeline timeline({100, 100, 100, 100, 100});
	const int64_t cycle = timeline.cycle_us(LoopMode::PingPong); // 800
	ASSERT_EQ(cycle, 800);
	// Forward over 500 us covers content 0..400 (start of the last frame), back over 300 us returns.
	EXPECT_EQ(timeline.content_us(0, LoopMode::PingPong), 0);
	EXPECT_EQ(timeline.content_us(250, LoopMode::PingPong), 200);
	EXPECT_EQ(timeline.content_us(500, LoopMode::PingPong), 400);
	EXPECT_EQ(timeline.content_us(650, LoopMode::PingPong), 200);
	EXPECT_EQ(timeline.content_us(800, LoopMode::PingPong), 0);
	// No jump anywhere: one microsecond of clock never moves content by more than 2 us.
	int64_t previous = timeline.content_us(0, LoopMode::PingPong);
	for (int64_t t = 1; t <= 2 * cycle; ++t) {
		const int64_t content = timeline.content_us(t, LoopMode::PingPong);
		ASSERT_LE(std::llabs(content - previous), 2) << "at " << t;
		previous = content;
	}
}

TEST(TimelineMix, ContentOfTheSameClockIsTheSameForAnySetOfFramesOfOneClip)
{
	// Plain 8 fps and interpolated 30 fps frames of one 2 s clip: a swap between them keeps the instant.
	const Timeline plain(std::vector<int64_t>(16, 125000));
	std::vector<int64_t> smooth_durations(60, 33333);
	smooth_durations.back() = 2000000 - 33333 * 59;
	const Timeline smooth(smooth_durations);
	for (int64_t t : {0LL, 1234567LL, 1999999LL, 5000000LL}) {
		const int64_t content = plain.content_us(t, LoopMode::Loop);
		EXPECT_EQ(content, smooth.content_us(t, LoopMode::Loop));
		const FrameMix a = plain.mix_at(content, true), b = smooth.mix_at(content, true);
		const double plain_pos = (a.from + a.amount) * 125000.0;
		const double smooth_pos = b.from * 33333.0 + b.amount * smooth_durations[b.from];
		EXPECT_NEAR(plain_pos, smooth_pos, 2.0) << "at " << t;
	}
}

} // namespace
} // namespace adiff
