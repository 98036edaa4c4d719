// Replacing the clip: crossfade, cut, size change, and a broken clip that must not take the old one away.
#include "playback_test_util.hpp"

namespace adiff::test {
namespace {

bool is_mix_of_red_and_blue(uint32_t rgba)
{
	const int r = int(rgba >> 24), g = int((rgba >> 16) & 0xff), b = int((rgba >> 8) & 0xff);
	return r > 50 && r < 205 && b > 50 && b < 205 && g < 40;
}

class PlaybackSwapTest : public PlaybackTest {
protected:
	void SetUp() override
	{
		PlaybackTest::SetUp();
		red_ = dir_.file("red.mp4");
		blue_ = dir_.file("blue.mp4");
		make_colour_clip(red_, {colour::red, colour::red}, 8, 64, 64);
		make_colour_clip(blue_, {colour::blue, colour::blue, colour::blue}, 8, 96, 80);
	}

	obs_source_t *showing_red(int crossfade_ms)
	{
		SourceSettings settings;
		settings.clip_path = red_;
		settings.crossfade_ms = crossfade_ms;
		obs_source_t *source = create_source(settings);
		EXPECT_TRUE(wait_for_size(source, 64, 64));
		EXPECT_TRUE(colour_near(centre_colour(source), rgba_of(colour::red), kClipTolerance));
		return source;
	}

	std::string red_, blue_;
};

TEST_F(PlaybackSwapTest, CrossfadeShowsAMixThenTheNewClipAtItsSize)
{
	obs_source_t *source = showing_red(2000);
	set_clip_path(source, blue_);
	// The new size applies as soon as the fade starts.
	ASSERT_TRUE(wait_for_size(source, 96, 80));
	uint32_t mix = 0;
	EXPECT_TRUE(wait_until(
		[&] {
			mix = centre_colour(source);
			return is_mix_of_red_and_blue(mix);
		},
		3s))
		<< "no red/blue mix seen midway, last " << colour_hex(mix);
	EXPECT_TRUE(wait_until(
		[&] { return colour_near(centre_colour(source), rgba_of(colour::blue), kClipTolerance); }, 5s))
		<< "fade never finished";
	EXPECT_EQ(obs_source_media_get_duration(source), 375);
}

TEST_F(PlaybackSwapTest, ZeroCrossfadeCuts)
{
	obs_source_t *source = showing_red(0);
	set_clip_path(source, blue_);
	ASSERT_TRUE(wait_for_size(source, 96, 80));
	const uint32_t first = centre_colour(source);
	EXPECT_TRUE(colour_near(first, rgba_of(colour::blue), kClipTolerance)) << colour_hex(first);
	// A corner pixel too: the whole new size is the new clip, nothing of the old one is left.
	EXPECT_TRUE(colour_near(colour_at(source, 95, 79), rgba_of(colour::blue), kClipTolerance));
}

TEST_F(PlaybackSwapTest, BrokenClipKeepsThePreviousClipShowing)
{
	LogCapture log;
	obs_source_t *source = showing_red(0);
	const std::string broken = dir_.file("broken.mp4");
	make_text_file(broken);
	set_clip_path(source, broken);
	ASSERT_TRUE(wait_until([&] { return log.contains("clip decode failed: " + broken); }, 10s));
	ASSERT_TRUE(wait_video_time(200));
	EXPECT_EQ(obs_source_get_width(source), 64u);
	EXPECT_EQ(obs_source_get_height(source), 64u);
	EXPECT_TRUE(colour_near(centre_colour(source), rgba_of(colour::red), kClipTolerance));
	EXPECT_EQ(obs_source_media_get_state(source), OBS_MEDIA_STATE_PLAYING);
}

TEST_F(PlaybackSwapTest, NewerLoadWinsOverOneStillDecoding)
{
	obs_source_t *source = showing_red(0);
	const std::string big = dir_.file("big.mp4");
	make_model_like_mp4(big);
	set_clip_path(source, big);
	set_clip_path(source, blue_);
	ASSERT_TRUE(wait_for_size(source, 96, 80));
	ASSERT_TRUE(wait_video_time(300));
	EXPECT_EQ(obs_source_get_width(source), 96u) << "an older load replaced the newer one";
	EXPECT_TRUE(colour_near(centre_colour(source), rgba_of(colour::blue), kClipTolerance));
}

} // namespace
} // namespace adiff::test
