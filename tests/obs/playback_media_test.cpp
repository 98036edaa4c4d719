// The media controls (the same calls OBS's media buttons, hotkeys and obs-websocket make) and hiding.
#include "playback_test_util.hpp"

namespace adiff::test {
namespace {

class PlaybackMediaTest : public PlaybackTest {
protected:
	std::string long_clip()
	{
		// 40 frames at 8 fps: 5 s, frame k alternates black / white.
		std::vector<Rgba> colours;
		for (int i = 0; i < 40; i++)
			colours.push_back(i % 2 ? colour::white : colour::black);
		const std::string path = dir_.file("long.mp4");
		make_colour_clip(path, colours, 8, 32, 32);
		return path;
	}

	// OBS 30+ queues obs_source_media_* to the next video tick and returns before the state changes:
	// like a real client (obs-websocket's GetMediaInputStatus after TriggerMediaInputAction), poll.
	static bool reaches_state(obs_source_t *source, obs_media_state state)
	{
		return wait_until([&] { return obs_source_media_get_state(source) == state; }, 5s);
	}
};

TEST_F(PlaybackMediaTest, PauseHoldsAndRestartGoesBackToTheStart)
{
	SourceSettings settings;
	settings.clip_path = long_clip();
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 32, 32));
	ASSERT_TRUE(wait_until([&] { return obs_source_media_get_time(source) >= 600; }, 10s)) << "not playing";
	EXPECT_EQ(obs_source_media_get_state(source), OBS_MEDIA_STATE_PLAYING);

	obs_source_media_play_pause(source, true);
	ASSERT_TRUE(reaches_state(source, OBS_MEDIA_STATE_PAUSED));
	ASSERT_TRUE(wait_video_time(100)); // the pause has reached the graphics thread
	const int64_t held = obs_source_media_get_time(source);
	ASSERT_TRUE(wait_video_time(400));
	EXPECT_EQ(obs_source_media_get_time(source), held) << "time moved while paused";

	obs_source_media_restart(source);
	ASSERT_TRUE(reaches_state(source, OBS_MEDIA_STATE_PLAYING));
	ASSERT_TRUE(wait_until([&] { return obs_source_media_get_time(source) < held - 300; }, 5s))
		<< "restart did not go back (held at " << held << " ms)";
	const int64_t after_restart = obs_source_media_get_time(source);
	ASSERT_TRUE(wait_until([&] { return obs_source_media_get_time(source) > after_restart + 200; }, 5s))
		<< "not playing after restart";
}

TEST_F(PlaybackMediaTest, StopShowsTheFirstFrameUntilPlay)
{
	SourceSettings settings;
	settings.clip_path = long_clip();
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 32, 32));
	ASSERT_TRUE(wait_until([&] { return obs_source_media_get_time(source) >= 300; }, 10s));

	obs_source_media_stop(source);
	ASSERT_TRUE(reaches_state(source, OBS_MEDIA_STATE_STOPPED));
	ASSERT_TRUE(wait_until([&] { return obs_source_media_get_time(source) == 0; }, 5s));
	ASSERT_TRUE(wait_video_time(300));
	EXPECT_EQ(obs_source_media_get_time(source), 0);
	EXPECT_TRUE(colour_near(centre_colour(source), rgba_of(colour::black), kClipTolerance));

	obs_source_media_play_pause(source, false);
	ASSERT_TRUE(reaches_state(source, OBS_MEDIA_STATE_PLAYING));
	EXPECT_TRUE(wait_until([&] { return obs_source_media_get_time(source) >= 200; }, 5s));
}

TEST_F(PlaybackMediaTest, HiddenSourceHoldsWhenPauseWhenHiddenIsOn)
{
	SourceSettings settings;
	settings.clip_path = long_clip();
	settings.pause_when_hidden = true;
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 32, 32));
	ASSERT_TRUE(wait_video_time(400));
	EXPECT_EQ(obs_source_media_get_time(source), 0) << "advanced while in no scene";

	obs_set_output_source(0, source); // on the program output: showing
	EXPECT_TRUE(wait_until([&] { return obs_source_media_get_time(source) >= 300; }, 5s));
	obs_set_output_source(0, nullptr);
}

} // namespace
} // namespace adiff::test
