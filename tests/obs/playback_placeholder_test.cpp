// Before any clip exists the audience sees a neutral 512x512 slate with a faint grid, never black or garbage.
#include "playback_test_util.hpp"

namespace adiff::test {
namespace {

// The colours documented in plugin/obs/placeholder.hpp.
constexpr uint32_t kSlate = 0x2A2F38FF;
constexpr uint32_t kGridLine = 0x3A414DFF;

TEST_F(PlaybackTest, PlaceholderIsASlateWithAGridAt512)
{
	obs_source_t *source = create_source({});
	ASSERT_NE(source, nullptr);
	EXPECT_EQ(obs_source_get_width(source), 512u);
	EXPECT_EQ(obs_source_get_height(source), 512u);
	EXPECT_EQ(obs_source_media_get_state(source), OBS_MEDIA_STATE_NONE);

	Pixels pixels = render_source(source, 512, 512);
	ASSERT_FALSE(pixels.empty());
	for (auto [x, y] : {std::pair{32u, 32u}, {100u, 200u}, {480u, 480u}, {0u, 511u}})
		EXPECT_TRUE(colour_near(pixels.rgba_at(x, y), kSlate, 2))
			<< "(" << x << "," << y << ") is " << colour_hex(pixels.rgba_at(x, y));
	for (auto [x, y] : {std::pair{63u, 32u}, {64u, 200u}, {32u, 127u}, {300u, 448u}, {447u, 447u}})
		EXPECT_TRUE(colour_near(pixels.rgba_at(x, y), kGridLine, 2))
			<< "(" << x << "," << y << ") is " << colour_hex(pixels.rgba_at(x, y));
}

TEST_F(PlaybackTest, MissingClipKeepsThePlaceholder)
{
	obs_source_t *source = create_source({dir_.file("never-made.mp4")});
	ASSERT_NE(source, nullptr);
	// The source checks the file and reports it missing; nothing is decoded, the slate stays.
	EXPECT_EQ(obs_source_get_width(source), 512u);
	EXPECT_TRUE(colour_near(colour_at(source, 32, 32), kSlate, 2));
	EXPECT_EQ(obs_source_media_get_state(source), OBS_MEDIA_STATE_NONE);
}

} // namespace
} // namespace adiff::test
