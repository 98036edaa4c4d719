// Hostile media inside real libobs: a file declaring gigantic frames is refused before decoding (the
// previous clip keeps playing, the status says why), and removing a source mid-decode never blocks OBS.
#include "obs/playback_test_util.hpp"
#include "obs/source_fixture.hpp"

namespace adiff::test {
namespace {

class PlaybackHostileTest : public PlaybackTest {
protected:
	std::string status_line(obs_source_t *source)
	{
		PropertiesPtr props(obs_source_properties(source));
		return obs_property_description(obs_properties_get(props.get(), "status"));
	}
	// libobs destroys a released source on its own task thread (as when OBS quits): wait for that too.
	static void release_and_wait_destroyed(obs_source_t *source)
	{
		obs_source_release(source);
		obs_wait_for_destroy_queue();
	}
	// 16000x16000 claimed by a ~1 KB file: a gigabyte per frame for a decoder that believes it.
	std::string huge_gif()
	{
		const std::string path = dir_.file("huge.gif");
		make_huge_screen_gif(path, 16000, 16000, 40);
		return path;
	}
};

TEST_F(PlaybackHostileTest, AGifClaimingHugeFramesIsRefusedAndThePreviousClipKeepsPlaying)
{
	LogCapture log;
	const std::string red = dir_.file("red.mp4");
	make_colour_clip(red, {colour::red, colour::red}, 8, 64, 64);
	obs_source_t *source = create_source({red});
	ASSERT_TRUE(wait_for_size(source, 64, 64));

	const std::string huge = huge_gif();
	set_clip_path(source, huge);
	ASSERT_TRUE(wait_until([&] { return log.contains("clip decode failed: " + huge); }, 5s));
	EXPECT_TRUE(log.contains("too_large"));
	const std::string status = status_line(source);
	EXPECT_NE(status.find("too large"), std::string::npos) << status;
	EXPECT_NE(status.find("16000x16000"), std::string::npos) << status;
	EXPECT_EQ(obs_source_get_width(source), 64u);
	EXPECT_TRUE(colour_near(centre_colour(source), rgba_of(colour::red), kClipTolerance));
}

TEST_F(PlaybackHostileTest, RemovingASourceDuringALongLegalDecodeReturnsAtOnce)
{
	// The largest frames allowed (4096x4096 screen), many of them: seconds of decoding. (Larger frames never
	// get this far: they are refused before decoding, see above.)
	LogCapture log;
	const std::string big = dir_.file("big.gif");
	make_huge_screen_gif(big, 4096, 4096, 400);
	SourceSettings settings;
	settings.clip_path = big;
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(source);
	sources_.clear();
	// Mid-decode: the first frame is out (the budget scaled it down) and hundreds follow.
	ASSERT_TRUE(wait_until([&] { return log.contains("scaled down"); }, 10s));
	const auto start = std::chrono::steady_clock::now();
	release_and_wait_destroyed(source);
	EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << "removing the source waited for the decode";
}

} // namespace
} // namespace adiff::test
