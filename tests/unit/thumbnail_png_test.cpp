// Thumbnail PNG files (libavcodec's PNG encoder and decoder): every shape a thumbnail can have comes back
// pixel for pixel, and what is not a thumbnail of this size is refused with a reason.
#include "core/media/thumbnail_png.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace adiff::test {
namespace {

Thumbnail pattern(int width, int height)
{
	Thumbnail thumbnail;
	thumbnail.width = width;
	thumbnail.height = height;
	for (int y = 0; y < height; y++)
		for (int x = 0; x < width; x++)
			thumbnail.rgba.insert(thumbnail.rgba.end(),
					      {uint8_t(x), uint8_t(y), uint8_t(x * 7 + y), uint8_t(255 - (x ^ y))});
	return thumbnail;
}

TEST(ThumbnailPng, EveryShapeComesBackPixelForPixel)
{
	TempDir dir;
	const std::string path = dir.file("clip.mp4.adiff-thumb.png");
	// Square (the model's 512x512 clips), wide, tall, and the thinnest possible.
	for (const auto &[width, height] :
	     std::vector<std::pair<int, int>>{{160, 160}, {160, 90}, {90, 160}, {160, 1}, {1, 160}}) {
		SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height));
		const Thumbnail written = pattern(width, height);
		std::string why;
		ASSERT_TRUE(write_thumbnail_png(written, path, nullptr, &why)) << why;
		const std::shared_ptr<Thumbnail> read = read_thumbnail_png(path, 160, &why);
		ASSERT_TRUE(read) << why;
		EXPECT_EQ(read->width, width);
		EXPECT_EQ(read->height, height);
		EXPECT_TRUE(read->rgba == written.rgba) << "the pixels changed on the way";
	}
	EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1) << "a temporary file stayed";
}

TEST(ThumbnailPng, WhatIsNotAThumbnailOfThisSizeIsRefusedWithAReason)
{
	TempDir dir;
	const std::string path = dir.file("t.png");
	ASSERT_TRUE(write_thumbnail_png(pattern(160, 90), path, nullptr, nullptr));
	std::string why;
	EXPECT_FALSE(read_thumbnail_png(path, 200, &why)) << "made for another max_side";
	EXPECT_NE(why.find("160x90"), std::string::npos) << why;
	why.clear();
	EXPECT_FALSE(read_thumbnail_png(dir.file("none.png"), 160, &why));
	EXPECT_FALSE(why.empty());
	why.clear();
	EXPECT_FALSE(decode_thumbnail_png({}, 160, &why));
	EXPECT_FALSE(why.empty());
	// A symlink is never followed, even to a sound thumbnail.
	std::filesystem::create_symlink(path, dir.file("link.png"));
	EXPECT_FALSE(read_thumbnail_png(dir.file("link.png"), 160, nullptr));
	EXPECT_TRUE(read_thumbnail_png(path, 160, nullptr));
}

TEST(ThumbnailPng, AWriteThatMayNotFinishLeavesNothing)
{
	TempDir dir;
	const std::string path = dir.file("t.png");
	std::string why;
	EXPECT_FALSE(write_thumbnail_png(
		pattern(160, 90), path, [] { return false; }, &why));
	EXPECT_EQ(why, "canceled");
	EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
	Thumbnail broken = pattern(160, 90);
	broken.rgba.pop_back();
	EXPECT_FALSE(write_thumbnail_png(broken, path, nullptr, &why));
	EXPECT_FALSE(write_thumbnail_png(pattern(8, 8), dir.file("no-such-folder/t.png"), nullptr, &why));
	EXPECT_NE(why.find("cannot create"), std::string::npos) << why;
}

} // namespace
} // namespace adiff::test
