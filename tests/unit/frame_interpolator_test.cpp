// Motion interpolation of a decoded clip: frame counts, the loop wrap, cancellation and the memory budget,
// on a clip whose content loops by construction (a square going round a circle in 16 steps).
#include "core/media/frame_interpolator.hpp"

#include "support/circle_clip.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <numeric>
#include <thread>

namespace adiff {
namespace {

using test::CircleClipSpec;

constexpr int64_t kSourceStepUs = 125000; // 8 fps, like the model

DecodedClip circle_clip(const CircleClipSpec &spec = {})
{
	DecodedClip clip;
	clip.width = clip.height = clip.source_width = clip.source_height = spec.size;
	for (int k = 0; k < spec.steps; ++k) {
		clip.frames.push_back(test::circle_frame(spec, k));
		clip.durations_us.push_back(kSourceStepUs);
	}
	clip.duration_us = kSourceStepUs * spec.steps;
	return clip;
}

std::vector<test::Point> centroids(const DecodedClip &clip)
{
	std::vector<test::Point> points;
	for (const std::vector<uint8_t> &frame : clip.frames)
		points.push_back(test::bright_centroid(frame.data(), clip.width, clip.height, size_t(clip.width) * 4));
	return points;
}

SmoothOptions options_for(int fps, bool wrap = true)
{
	SmoothOptions options;
	options.fps = fps;
	options.wrap = wrap;
	options.budget_bytes = 512ull << 20;
	return options;
}

TEST(FrameInterpolator, LoopMakesEvenFramesOverTheWholeDurationIncludingTheWrap)
{
	const CircleClipSpec spec;
	const DecodedClip clip = circle_clip(spec);
	const SmoothResult result = interpolate_clip(clip, options_for(32));
	ASSERT_TRUE(result.ok()) << smooth_error_id(result.error) << ": " << result.detail;
	const DecodedClip &out = *result.clip;
	EXPECT_EQ(result.fps, 32);
	EXPECT_FALSE(result.reduced);
	ASSERT_EQ(out.frames.size(), 64u); // 2 s at 32 fps
	EXPECT_EQ(out.frames.size(), smooth_frame_count(clip, 32, true));
	EXPECT_EQ(out.duration_us, clip.duration_us); // same clock as the plain clip
	EXPECT_EQ(std::accumulate(out.durations_us.begin(), out.durations_us.end(), int64_t(0)), clip.duration_us);
	for (int64_t us : out.durations_us)
		EXPECT_EQ(us, 31250);

	// Every 4th frame is a source frame; the others lie between, and the steps stay small all the way
	// round, from the last frame into the first as well.
	const std::vector<test::Point> points = centroids(out);
	const double step = test::source_step(spec);
	for (size_t i = 0; i < points.size(); ++i) {
		const double expected_step = double(i) / 4.0;
		EXPECT_LT(test::distance(points[i], test::circle_position(spec, expected_step)), step * 0.3)
			<< "frame " << i;
		const double moved = test::distance(points[i], points[(i + 1) % points.size()]);
		EXPECT_LT(moved, step * 0.5) << "from frame " << i << " to the next";
		EXPECT_GT(moved, step * 0.05) << "from frame " << i << " to the next (a held frame)";
	}
}

// Every shown step of one loop, the wrap included, against half a source step: a held frame followed by
// a jump (minterpolate's scene-change fallback, or a failed motion search) fails here at its phase.
void expect_no_stutter(const CircleClipSpec &spec, int fps, int threads)
{
	const DecodedClip clip = circle_clip(spec);
	SmoothOptions options = options_for(fps);
	options.threads = threads;
	const SmoothResult result = interpolate_clip(clip, options);
	ASSERT_TRUE(result.ok()) << smooth_error_id(result.error) << ": " << result.detail;
	const std::vector<test::Point> points = centroids(*result.clip);
	const double step = test::source_step(spec);
	for (size_t i = 0; i < points.size(); ++i) {
		const double moved = test::distance(points[i], points[(i + 1) % points.size()]);
		const double degrees = 360.0 * double(i) / double(points.size());
		EXPECT_LT(moved, step * 0.5) << "at " << degrees << " degrees, frame " << i << " to the next";
	}
}

TEST(FrameInterpolator, TexturedBackgroundNeverHoldsAndJumpsAtAnyPhase)
{
	// Two segments on two threads: their joins and the wrap are phases like any other.
	expect_no_stutter(test::textured_circle_spec(), 60, 2);
}

TEST(FrameInterpolator, NoiseBackgroundNeverHoldsAndJumpsAtAnyPhase)
{
	expect_no_stutter(CircleClipSpec{}, 60, 1);
	expect_no_stutter(CircleClipSpec{}, 60, 3);
}

TEST(FrameInterpolator, SegmentsOnThreadsGiveTheFramesOneGraphGives)
{
	const CircleClipSpec spec;
	const DecodedClip clip = circle_clip(spec);
	SmoothOptions one = options_for(30), three = options_for(30);
	one.threads = 1;
	three.threads = 3;
	const SmoothResult a = interpolate_clip(clip, one), b = interpolate_clip(clip, three);
	ASSERT_TRUE(a.ok() && b.ok());
	ASSERT_EQ(a.clip->frames.size(), b.clip->frames.size());
	EXPECT_EQ(a.clip->durations_us, b.clip->durations_us);
	const std::vector<test::Point> pa = centroids(*a.clip), pb = centroids(*b.clip);
	for (size_t i = 0; i < pa.size(); ++i)
		EXPECT_LT(test::distance(pa[i], pb[i]), test::source_step(spec) * 0.1) << "frame " << i;
}

TEST(FrameInterpolator, PingPongHasNoWrapAndEndsOnTheLastSourceFrame)
{
	const CircleClipSpec spec;
	const DecodedClip clip = circle_clip(spec);
	const SmoothResult result = interpolate_clip(clip, options_for(24, false));
	ASSERT_TRUE(result.ok()) << result.detail;
	// From 0 to 1.875 s at 24 fps: 45 frames plus the first.
	EXPECT_EQ(result.clip->frames.size(), 46u);
	EXPECT_EQ(result.clip->duration_us, clip.duration_us);
	const std::vector<test::Point> points = centroids(*result.clip);
	EXPECT_LT(test::distance(points.back(), test::circle_position(spec, 15)), test::source_step(spec) * 0.3);
}

TEST(FrameInterpolator, OverBudgetPicksTheHighestRateThatFits)
{
	const DecodedClip clip = circle_clip();
	const uint64_t frame_bytes = uint64_t(clip.width) * clip.height * 4;
	SmoothOptions options = options_for(60);
	options.budget_bytes = frame_bytes * 50; // 25 fps fits (50 frames), 26 does not (52)
	EXPECT_EQ(fitting_smooth_fps(clip, 60, true, options.budget_bytes), 25);
	const SmoothResult result = interpolate_clip(clip, options);
	ASSERT_TRUE(result.ok()) << result.detail;
	EXPECT_EQ(result.fps, 25);
	EXPECT_TRUE(result.reduced);
	EXPECT_EQ(result.clip->frames.size(), 50u);
	EXPECT_LE(result.clip->bytes(), options.budget_bytes);
}

TEST(FrameInterpolator, BudgetBelowTheClipsOwnRateRefusesInsteadOfDroppingFrames)
{
	const DecodedClip clip = circle_clip();
	SmoothOptions options = options_for(30);
	options.budget_bytes = uint64_t(clip.width) * clip.height * 4 * 15; // not even 16 frames
	const SmoothResult result = interpolate_clip(clip, options);
	EXPECT_EQ(result.error, SmoothError::OverBudget);
	EXPECT_FALSE(result.clip);
	EXPECT_FALSE(result.detail.empty());
}

TEST(FrameInterpolator, CanceledBeforeStartMakesNothing)
{
	const DecodedClip clip = circle_clip();
	CancelFlag cancel;
	cancel.cancel();
	SmoothOptions options = options_for(60);
	options.cancel = &cancel;
	const SmoothResult result = interpolate_clip(clip, options);
	EXPECT_EQ(result.error, SmoothError::Canceled);
	EXPECT_FALSE(result.clip);
}

// Starts the model's size at 60 fps on `threads` segment threads (0: the default), cancels it at once and joins it: the
// result's error and the seconds from start to join (every segment thread is joined inside interpolate_clip).
std::pair<SmoothError, double> cancel_right_away(int threads)
{
	CircleClipSpec spec;
	spec.size = 512;
	spec.radius = 160;
	spec.square = 64;
	const DecodedClip clip = circle_clip(spec);
	CancelFlag cancel;
	SmoothOptions options = options_for(60);
	options.cancel = &cancel;
	options.threads = threads; // 0: smooth_threads()
	SmoothResult result;
	const auto start = std::chrono::steady_clock::now();
	std::thread worker([&] { result = interpolate_clip(clip, options); });
	cancel.cancel();
	worker.join();
	return {result.error, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

TEST(FrameInterpolator, CancelStopsARunningInterpolationAtOnce)
{
	// The model's size at 60 fps takes many seconds uncancelled; a cancel must end it within a frame or two.
	const auto [error, seconds] = cancel_right_away(0);
	EXPECT_EQ(error, SmoothError::Canceled);
	EXPECT_LT(seconds, 3.0);
}

TEST(FrameInterpolator, CancelStopsEverySegmentThreadAtOnce)
{
	const auto [error, seconds] = cancel_right_away(4);
	EXPECT_EQ(error, SmoothError::Canceled);
	// The whole clip takes 10 s idle and minutes on a loaded 2-core machine; a cancel is seen between filter
	// frames (minterpolate emits one input frame's in-betweens in one call), which took up to 3.7 s with two
	// chroot builds beside this test. The bound tells "stopped" from "ran the clip" with that margin.
	EXPECT_LT(seconds, 20.0);
}

TEST(FrameInterpolator, TransparentClipsAreLeftToBlending)
{
	DecodedClip clip = circle_clip();
	clip.has_alpha = true;
	EXPECT_EQ(interpolate_clip(clip, options_for(30)).error, SmoothError::Alpha);
}

TEST(FrameInterpolator, FrameCountsFollowTheRate)
{
	const DecodedClip clip = circle_clip();
	EXPECT_EQ(source_fps(clip), 8);
	EXPECT_EQ(smooth_frame_count(clip, 30, true), 60u);
	EXPECT_EQ(smooth_frame_count(clip, 60, true), 120u);
	EXPECT_EQ(smooth_frame_count(clip, 60, false), 113u); // 0 .. 1.875 s
	EXPECT_EQ(smooth_frame_count(clip, 8, true), 16u);
}

} // namespace
} // namespace adiff
