// Which frame shows when: loop and ping-pong over real per-frame durations, and the playback clock.
#include "core/media/timeline.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

std::vector<size_t> frames_sampled(const Timeline &timeline, LoopMode mode, int64_t step_us, int64_t offset_us,
				   int count)
{
	std::vector<size_t> frames;
	for (int i = 0; i < count; ++i)
		frames.push_back(timeline.frame_at(offset_us + i * step_us, mode));
	return frames;
}

TEST(Timeline, LoopShowsEachFrameForItsOwnDurationThenWraps)
{
	const Timeline timeline({100, 200, 300});
	EXPECT_EQ(timeline.frame_count(), 3u);
	EXPECT_EQ(timeline.duration_us(), 600);
	EXPECT_EQ(timeline.cycle_us(LoopMode::Loop), 600);
	EXPECT_EQ(timeline.frame_at(0, LoopMode::Loop), 0u);
	EXPECT_EQ(timeline.frame_at(99, LoopMode::Loop), 0u);
	EXPECT_EQ(timeline.frame_at(100, LoopMode::Loop), 1u);
	EXPECT_EQ(timeline.frame_at(299, LoopMode::Loop), 1u);
	EXPECT_EQ(timeline.frame_at(300, LoopMode::Loop), 2u);
	EXPECT_EQ(timeline.frame_at(599, LoopMode::Loop), 2u);
	EXPECT_EQ(timeline.frame_at(600, LoopMode::Loop), 0u); // wrapped after the last frame
	EXPECT_EQ(timeline.frame_at(700, LoopMode::Loop), 1u);
	EXPECT_EQ(timeline.frame_at(600 * 1000 + 350, LoopMode::Loop), 2u);
}

TEST(Timeline, PingPongGoesForwardThenBackWithoutRepeatingTheEnds)
{
	const Timeline timeline({100, 100, 100, 100});
	EXPECT_EQ(timeline.cycle_us(LoopMode::PingPong), 600);
	EXPECT_EQ(frames_sampled(timeline, LoopMode::PingPong, 100, 50, 14),
		  (std::vector<size_t>{0, 1, 2, 3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1}));
}

TEST(Timeline, PingPongBackwardLegUsesEachFramesOwnDuration)
{
	const Timeline timeline({100, 200, 300, 400});
	EXPECT_EQ(timeline.cycle_us(LoopMode::PingPong), 1000 + 300 + 200);
	EXPECT_EQ(timeline.frame_at(999, LoopMode::PingPong), 3u);
	EXPECT_EQ(timeline.frame_at(1000, LoopMode::PingPong), 2u);
	EXPECT_EQ(timeline.frame_at(1299, LoopMode::PingPong), 2u);
	EXPECT_EQ(timeline.frame_at(1300, LoopMode::PingPong), 1u);
	EXPECT_EQ(timeline.frame_at(1499, LoopMode::PingPong), 1u);
	EXPECT_EQ(timeline.frame_at(1500, LoopMode::PingPong), 0u);
	EXPECT_EQ(timeline.frame_at(1599, LoopMode::PingPong), 0u);
	EXPECT_EQ(timeline.frame_at(1600, LoopMode::PingPong), 1u);
}

TEST(Timeline, TwoFramePingPongSimplyAlternates)
{
	const Timeline timeline({100, 100});
	EXPECT_EQ(timeline.cycle_us(LoopMode::PingPong), 200);
	EXPECT_EQ(frames_sampled(timeline, LoopMode::PingPong, 100, 50, 5), (std::vector<size_t>{0, 1, 0, 1, 0}));
}

TEST(Timeline, DegenerateTimelinesAlwaysShowFrameZero)
{
	const Timeline empty;
	EXPECT_EQ(empty.frame_at(12345, LoopMode::Loop), 0u);
	EXPECT_EQ(empty.frame_at(12345, LoopMode::PingPong), 0u);
	const Timeline single({125000});
	EXPECT_EQ(single.cycle_us(LoopMode::PingPong), 125000);
	EXPECT_EQ(single.frame_at(10'000'000, LoopMode::PingPong), 0u);
	const Timeline three({100, 100, 100});
	EXPECT_EQ(three.frame_at(-50, LoopMode::Loop), 0u);
}

TEST(Timeline, ZeroDurationsCannotBreakTheCycle)
{
	const Timeline timeline({0, 100, 0});
	EXPECT_GT(timeline.duration_us(), 0);
	EXPECT_EQ(timeline.frame_at(50, LoopMode::Loop), 1u);
	EXPECT_LT(timeline.frame_at(123456, LoopMode::PingPong), 3u);
}

TEST(PlaybackClock, NormalSpeedFollowsRealTime)
{
	PlaybackClock clock;
	for (int i = 0; i < 60; ++i)
		clock.advance(16'666'667, 100);
	EXPECT_EQ(clock.position_us(), 60 * 16'666'667 / 1000);
}

TEST(PlaybackClock, DoubleAndHalfSpeedPickTheMatchingFrames)
{
	const Timeline timeline(std::vector<int64_t>(16, 125000)); // 16 frames at 8 fps
	PlaybackClock fast, slow;
	for (int i = 0; i < 30; ++i) { // half a second at 60 fps
		fast.advance(16'666'667, 200);
		slow.advance(16'666'667, 50);
	}
	EXPECT_EQ(fast.position_us(), 1'000'000);
	EXPECT_EQ(slow.position_us(), 250'000);
	EXPECT_EQ(timeline.frame_at(fast.position_us(), LoopMode::Loop), 8u);
	EXPECT_EQ(timeline.frame_at(slow.position_us(), LoopMode::Loop), 2u);
}

TEST(PlaybackClock, SubMicrosecondTicksAreCarriedNotLost)
{
	PlaybackClock clock;
	for (int i = 0; i < 1'000'000; ++i)
		clock.advance(1, 50); // half a nanosecond of playback per tick
	EXPECT_EQ(clock.position_us(), 500);
}

TEST(PlaybackClock, PauseRestartAndSeek)
{
	PlaybackClock clock;
	clock.advance(1'000'000'000, 100);
	EXPECT_EQ(clock.position_us(), 1'000'000);
	clock.set_paused(true);
	EXPECT_TRUE(clock.paused());
	clock.advance(1'000'000'000, 100);
	EXPECT_EQ(clock.position_us(), 1'000'000);
	clock.set_paused(false);
	clock.advance(500'000'000, 100);
	EXPECT_EQ(clock.position_us(), 1'500'000);
	clock.restart();
	EXPECT_EQ(clock.position_us(), 0);
	clock.seek(750'000);
	clock.advance(250'000'000, 100);
	EXPECT_EQ(clock.position_us(), 1'000'000);
	clock.seek(-5);
	EXPECT_EQ(clock.position_us(), 0);
	clock.advance(1'000'000, 0); // speed 0 holds the picture
	EXPECT_EQ(clock.position_us(), 0);
}

TEST(PlaybackClock, TenHoursOfSixtyFpsTicksDoNotDrift)
{
	constexpr uint64_t kTickNs = 16'666'667;
	constexpr uint64_t kTicks = 10ull * 3600 * 60;
	PlaybackClock clock;
	for (uint64_t i = 0; i < kTicks; ++i)
		clock.advance(kTickNs, 100);
	EXPECT_EQ(clock.position_us(), int64_t(kTicks * kTickNs / 1000));

	// NTSC-style 59.94 fps ticks alternate between two lengths; still exact at 150%.
	PlaybackClock ntsc;
	uint64_t total_ns = 0;
	for (uint64_t i = 0; i < kTicks; ++i) {
		const uint64_t tick = i % 2 ? 16'683'333 : 16'683'334;
		ntsc.advance(tick, 150);
		total_ns += tick;
	}
	EXPECT_EQ(ntsc.position_us(), int64_t(total_ns * 150 / 100 / 1000));
}

} // namespace
} // namespace adiff
