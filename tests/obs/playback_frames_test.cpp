// Which frame the audience sees: restore from clip_path, seeking, the wrap, ping-pong order, speed.
#include "playback_test_util.hpp"

#include <algorithm>

namespace adiff::test {
namespace {

const std::vector<Rgba> kFour = {colour::red, colour::green, colour::blue, colour::yellow};
constexpr int kFrameMs = 125; // 8 fps

// Samples what the source shows until `count` distinct consecutive frames were seen (or 10 s passed).
std::vector<int> observe_sequence(obs_source_t *source, const std::vector<Rgba> &palette, size_t count)
{
	std::vector<int> seen;
	wait_until(
		[&] {
			const int index = PlaybackTest::which(PlaybackTest::colour_at(source, 8, 8), palette);
			if (index >= 0 && (seen.empty() || seen.back() != index))
				seen.push_back(index);
			return seen.size() >= count;
		},
		10s);
	return seen;
}

class PlaybackFramesTest : public PlaybackTest {
protected:
	std::string four_colour_clip()
	{
		const std::string path = dir_.file("four.mp4");
		make_colour_clip(path, kFour, 8, 64, 64);
		return path;
	}

	// Pauses, seeks to `ms` and waits until the graphics thread has applied it.
	static bool seek_paused(obs_source_t *source, int64_t ms)
	{
		obs_source_media_play_pause(source, true);
		obs_source_media_set_time(source, ms);
		return wait_until([&] { return obs_source_media_get_time(source) == ms; }, 5s);
	}
};

TEST_F(PlaybackFramesTest, RestoreFromClipPathShowsTheClip)
{
	SourceSettings settings;
	settings.clip_path = four_colour_clip();
	settings.pause_when_hidden = true; // not in any scene: hidden, so the clock holds at frame 0
	obs_source_t *source = create_source(settings);
	ASSERT_NE(source, nullptr);
	ASSERT_TRUE(wait_for_size(source, 64, 64));
	EXPECT_EQ(obs_source_media_get_duration(source), 4 * kFrameMs);
	EXPECT_EQ(obs_source_media_get_state(source), OBS_MEDIA_STATE_PLAYING);
	EXPECT_TRUE(colour_near(centre_colour(source), rgba_of(colour::red), kClipTolerance))
		<< colour_hex(centre_colour(source));
}

TEST_F(PlaybackFramesTest, PausedSeekShowsTheFrameAtThatTime)
{
	SourceSettings settings;
	settings.clip_path = four_colour_clip();
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 64, 64));
	for (int frame : {2, 0, 3, 1}) {
		for (int offset : {5, kFrameMs - 10}) {
			const int64_t ms = int64_t(frame) * kFrameMs + offset;
			ASSERT_TRUE(seek_paused(source, ms)) << "seek to " << ms << " not applied";
			EXPECT_EQ(obs_source_media_get_state(source), OBS_MEDIA_STATE_PAUSED);
			const uint32_t shown = centre_colour(source);
			EXPECT_EQ(which(shown, kFour), frame) << "at " << ms << " ms: " << colour_hex(shown);
		}
	}
	// Paused means paused: frames keep being rendered, the picture does not move.
	ASSERT_TRUE(wait_video_time(300));
	EXPECT_EQ(obs_source_media_get_time(source), int64_t(1) * kFrameMs + kFrameMs - 10);
	EXPECT_EQ(which(centre_colour(source), kFour), 1);
}

TEST_F(PlaybackFramesTest, LastFrameWrapsSeamlesslyToTheFirst)
{
	SourceSettings settings;
	settings.clip_path = four_colour_clip();
	// 500 ms per frame: a sampler starved by a busy machine (each sample is a render and a read-back on
	// llvmpipe) still sees every frame, so only the order is tested.
	settings.speed = 25;
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 64, 64));
	ASSERT_TRUE(seek_paused(source, 3 * kFrameMs + 20));
	obs_source_media_play_pause(source, false);
	const std::vector<int> seen = observe_sequence(source, kFour, 3);
	EXPECT_EQ(seen, (std::vector<int>{3, 0, 1})) << "loop order after the last frame";
}

TEST_F(PlaybackFramesTest, PingPongGoesForwardThenBack)
{
	SourceSettings settings;
	settings.clip_path = four_colour_clip();
	settings.loop_mode = "pingpong";
	settings.speed = 50; // 250 ms per frame: every frame is sampled many times
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 64, 64));
	ASSERT_TRUE(seek_paused(source, 0));
	obs_source_media_play_pause(source, false);
	const std::vector<int> seen = observe_sequence(source, kFour, 8);
	// Ends are not repeated: 0 1 2 3 2 1 0 1.
	EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 2, 1, 0, 1}));
}

TEST_F(PlaybackFramesTest, Speed200PlaysTwiceAsFastAsSpeed100)
{
	// 40 frames at 8 fps = 5 s, long enough to compare without a wrap.
	std::vector<Rgba> colours;
	for (int i = 0; i < 40; i++)
		colours.push_back(i % 2 ? colour::white : colour::black);
	const std::string path = dir_.file("long.mp4");
	make_colour_clip(path, colours, 8, 32, 32);

	SourceSettings normal_settings, fast_settings;
	normal_settings.clip_path = fast_settings.clip_path = path;
	fast_settings.speed = 200;
	obs_source_t *normal = create_source(normal_settings);
	obs_source_t *fast = create_source(fast_settings);
	ASSERT_TRUE(wait_for_size(normal, 32, 32));
	ASSERT_TRUE(wait_for_size(fast, 32, 32));
	ASSERT_EQ(obs_source_media_get_duration(fast), 5000);
	ASSERT_TRUE(seek_paused(normal, 0));
	ASSERT_TRUE(seek_paused(fast, 0));

	const auto start = std::chrono::steady_clock::now();
	obs_source_media_play_pause(normal, false);
	obs_source_media_play_pause(fast, false);
	ASSERT_TRUE(wait_until([&] { return obs_source_media_get_time(fast) >= 2400; }, 10s));
	const int64_t fast_ms = obs_source_media_get_time(fast);
	const int64_t normal_ms = obs_source_media_get_time(normal);
	const double wall_ms =
		std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

	ASSERT_GT(normal_ms, 0);
	const double ratio = double(fast_ms) / double(normal_ms);
	EXPECT_NEAR(ratio, 2.0, 0.15) << "fast " << fast_ms << " ms, normal " << normal_ms << " ms";
	// 8 fps plays at 8 fps whatever OBS's frame rate: media time follows the wall clock.
	EXPECT_NEAR(double(normal_ms), wall_ms, wall_ms * 0.25) << "normal " << normal_ms << " ms in " << wall_ms;
}

} // namespace
} // namespace adiff::test
