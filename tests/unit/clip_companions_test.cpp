// Companion files of a clip ("<clip file name>.adiff-<kind>.<ext>": smoothed frames, thumbnails): owned and
// counted like the clip, deleted with it, never taken for a clip, never deleted while their clip exists.
#include "core/clips/clip_store.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/stat.h>

namespace adiff {
namespace {

const std::string kHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const std::string kOther = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

bool exists(const std::string &path)
{
	return std::filesystem::exists(path);
}

void set_age(const std::string &path, int seconds_ago)
{
	const auto when = std::filesystem::file_time_type::clock::now() - std::chrono::seconds(seconds_ago);
	std::filesystem::last_write_time(path, when);
}

TEST(ClipCompanions, NamedAfterTheirClipAndOwnedOnlyForTheStoresClips)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	const std::string clip = store.path_for(kHash, "mp4");
	test::write_file(clip, "clip");
	const std::string smooth = store.companion_path(clip, "smooth-60-loop", "mkv");
	EXPECT_EQ(smooth, clip + ".adiff-smooth-60-loop.mkv");
	EXPECT_EQ(store.companion_path(clip, "thumb", "png"), clip + ".adiff-thumb.png");
	EXPECT_EQ(store.companion_path(clip, "../x", "png"), "");
	EXPECT_EQ(store.companion_path(clip, "thumb", "png/.."), "");
	EXPECT_EQ(store.companion_path(tmp.file("mine.mp4"), "thumb", "png"), "") << "a user's own file";
	test::write_file(smooth, "frames");
	EXPECT_TRUE(store.owns(smooth));
	EXPECT_FALSE(store.owns(tmp.file("mine.mp4.adiff-thumb.png")));
	test::write_file(tmp.file(kHash + ".mp4.adiff-Thumb.png"), "x");
	EXPECT_FALSE(store.owns(tmp.file(kHash + ".mp4.adiff-Thumb.png"))) << "not a name the plugin writes";
	// Never a clip itself.
	EXPECT_EQ(store.find(kHash).value_or(""), clip);
	std::filesystem::remove(clip);
	EXPECT_FALSE(store.find(kHash));
}

TEST(ClipCompanions, DeletedWithTheirClip)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	const std::string clip = store.path_for(kHash, "mp4"), other = store.path_for(kOther, "mp4");
	test::write_file(clip, "clip");
	test::write_file(other, "other");
	const std::string smooth = store.companion_path(clip, "smooth-30-loop", "mkv");
	const std::string thumb = store.companion_path(clip, "thumb", "png");
	const std::string others = store.companion_path(other, "thumb", "png");
	for (const std::string &path : {smooth, thumb, others})
		test::write_file(path, "companion");
	EXPECT_EQ(store.companions_of(clip).size(), 2u);
	ASSERT_TRUE(store.remove_owned(clip));
	EXPECT_FALSE(exists(smooth));
	EXPECT_FALSE(exists(thumb));
	EXPECT_TRUE(exists(other));
	EXPECT_TRUE(exists(others)) << "another clip's companion stays";
}

TEST(ClipCompanions, CountedInTheBoundAndDeletedOnlyWithTheirClip)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	const std::string old_clip = store.path_for(kHash, "mp4"), new_clip = store.path_for(kOther, "mp4");
	test::write_file(old_clip, std::string(100, 'a'));
	test::write_file(new_clip, std::string(100, 'b'));
	const std::string old_smooth = store.companion_path(old_clip, "smooth-60-loop", "mkv");
	const std::string new_smooth = store.companion_path(new_clip, "smooth-60-loop", "mkv");
	test::write_file(old_smooth, std::string(1000, 'c'));
	test::write_file(new_smooth, std::string(1000, 'd'));
	set_age(old_clip, 100);
	set_age(new_smooth, 200); // older than any clip: still kept while its clip is
	// 2200 bytes: the clips alone (200) fit 1500, the companions make the folder too large.
	const std::vector<std::string> deleted = store.trim_folder(1500, [](const std::string &) { return false; });
	ASSERT_EQ(deleted, std::vector<std::string>{old_clip});
	EXPECT_FALSE(exists(old_smooth));
	EXPECT_TRUE(exists(new_clip));
	EXPECT_TRUE(exists(new_smooth));
	// In use, the clip and its companion stay whatever the bound.
	EXPECT_TRUE(store.trim_folder(10, [](const std::string &) { return true; }).empty());
	EXPECT_TRUE(exists(new_smooth));
}

TEST(ClipCompanions, OrphansAreDeletedOnceTheirClipIsGone)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	const std::string clip = store.path_for(kHash, "mp4");
	test::write_file(clip, "clip");
	const std::string thumb = store.companion_path(clip, "thumb", "png");
	test::write_file(thumb, "png");
	std::filesystem::remove(clip); // deleted by hand
	const std::vector<std::string> deleted =
		store.trim_folder(1ull << 30, [](const std::string &) { return false; });
	EXPECT_EQ(deleted, std::vector<std::string>{thumb});
	EXPECT_FALSE(exists(thumb));
}

} // namespace
} // namespace adiff
