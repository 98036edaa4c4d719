// Smoothing done once per clip: the smoothed frames kept beside a clip of the clips folder come back on the
// next load without interpolating, on the same clock; a damaged or stale file is dropped, never shown.
#include "core/media/smooth_companion.hpp"

#include "support/circle_clip.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace adiff {
namespace {

const std::string kHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr int kFps = 32;

DecodedClip circle_clip()
{
	const test::CircleClipSpec spec;
	DecodedClip clip;
	clip.width = clip.height = clip.source_width = clip.source_height = spec.size;
	for (int k = 0; k < spec.steps; ++k) {
		clip.frames.push_back(test::circle_frame(spec, k));
		clip.durations_us.push_back(125000);
	}
	clip.duration_us = 125000 * spec.steps;
	return clip;
}

class SmoothCacheTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		test::write_file(clip_path_, "the clip file's bytes: the cache is keyed by them");
		SmoothOptions options;
		options.fps = kFps;
		options.budget_bytes = 512ull << 20;
		smoothed_ = interpolate_clip(plain_, options);
		ASSERT_TRUE(smoothed_.ok()) << smoothed_.detail;
	}

	std::optional<SmoothResult> load(int fps = kFps)
	{
		SmoothCompanion companion(store_, clip_path_, fps, true, nullptr);
		return companion.load(plain_);
	}

	std::string kept_path() const
	{
		return store_.companion_path(clip_path_, smooth_cache_kind(kFps, true), "mkv");
	}

	void keep()
	{
		SmoothCompanion companion(store_, clip_path_, kFps, true, nullptr);
		ASSERT_TRUE(companion.keep(smoothed_));
		ASSERT_TRUE(std::filesystem::exists(kept_path()));
	}

	test::TempDir tmp_;
	ClipStore store_{tmp_.path()};
	std::string clip_path_ = store_.path_for(kHash, "mp4");
	DecodedClip plain_ = circle_clip();
	SmoothResult smoothed_;
};

TEST_F(SmoothCacheTest, KeptFramesComeBackOnTheSameClockWithoutInterpolating)
{
	EXPECT_FALSE(load()) << "nothing kept yet";
	keep();
	const std::optional<SmoothResult> loaded = load();
	ASSERT_TRUE(loaded && loaded->ok());
	EXPECT_TRUE(loaded->from_cache);
	const DecodedClip &a = *smoothed_.clip, &b = *loaded->clip;
	ASSERT_EQ(b.frames.size(), a.frames.size());
	EXPECT_EQ(b.durations_us, a.durations_us);
	EXPECT_EQ(b.duration_us, plain_.duration_us);
	EXPECT_EQ(loaded->fps, kFps);
	// Compressed, but the picture is the same: the square in the same place in every frame.
	for (size_t k = 0; k < a.frames.size(); ++k) {
		const test::Point pa =
			test::bright_centroid(a.frames[k].data(), a.width, a.height, size_t(a.width) * 4);
		const test::Point pb =
			test::bright_centroid(b.frames[k].data(), b.width, b.height, size_t(b.width) * 4);
		EXPECT_LT(test::distance(pa, pb), 1.0) << "frame " << k;
	}
}

TEST_F(SmoothCacheTest, ATruncatedFileIsDroppedAndNeverShown)
{
	keep();
	const std::string whole = test::read_file(kept_path());
	test::write_file(kept_path(), whole.substr(0, whole.size() / 2));
	EXPECT_FALSE(load());
	EXPECT_FALSE(std::filesystem::exists(kept_path())) << "dropped, so it is made again";
}

TEST_F(SmoothCacheTest, AGarbledFileIsDroppedAndNeverShown)
{
	keep();
	std::string bytes = test::read_file(kept_path());
	for (size_t i = bytes.size() / 3; i < bytes.size() * 2 / 3; i += 7)
		bytes[i] = char(bytes[i] ^ 0x5a);
	test::write_file(kept_path(), bytes);
	EXPECT_FALSE(load());
	EXPECT_FALSE(std::filesystem::exists(kept_path()));
}

TEST_F(SmoothCacheTest, AnotherClipContentOrRateIsNotUsed)
{
	keep();
	EXPECT_FALSE(load(kFps + 1)) << "another rate has its own file";
	EXPECT_TRUE(std::filesystem::exists(kept_path()));
	test::write_file(clip_path_, "the same name, other bytes"); // another clip under that name
	EXPECT_FALSE(load());
	EXPECT_FALSE(std::filesystem::exists(kept_path())) << "stale: dropped";
}

TEST_F(SmoothCacheTest, NothingIsWrittenBesideAUsersOwnFile)
{
	const std::string mine = tmp_.file("holiday.mp4");
	test::write_file(mine, "a user's video");
	SmoothCompanion companion(store_, mine, kFps, true, nullptr);
	EXPECT_FALSE(companion.enabled());
	EXPECT_FALSE(companion.keep(smoothed_));
	EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp_.path()), {}), 2);
}

} // namespace
} // namespace adiff
