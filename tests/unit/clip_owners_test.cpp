// Two sources can list the same clip file (a duplicated source copies the history; a fixed seed shares
// the cached file): one source's history cap must never delete a clip another source still shows.
#include "core/clips/clip_owners.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

namespace adiff::test {
namespace {

class ClipOwnersTest : public ::testing::Test {
protected:
	// Named as the clip store names its files (<hash>.<ext>), so the store may delete it.
	std::string make_clip(const std::string &name)
	{
		const std::string path = dir.file(std::string(60, 'a') +
						  std::to_string(std::hash<std::string>{}(name) % 10000) + ".mp4");
		std::ofstream(path) << "clip";
		return path;
	}
	std::string make_named(const std::string &name, size_t size)
	{
		const std::string path = dir.file(name);
		std::ofstream(path) << std::string(size, 'x');
		return path;
	}
	static ClipOwners::UsesFn listing(std::set<std::string> *paths)
	{
		return [paths](const std::string &path) {
			return paths->count(path) > 0;
		};
	}
	static bool on_disk(const std::string &path) { return std::filesystem::exists(path); }

	TempDir dir;
	ClipStore store{dir.path()};
	ClipOwners owners;
};

TEST_F(ClipOwnersTest, AFileAnotherSourceListsIsKeptTheRestAreDeleted)
{
	const std::string shared = make_clip("shared.mp4");
	const std::string mine = make_clip("mine.mp4");
	std::set<std::string> a_lists{shared, mine}, b_lists{shared};
	ClipOwnership a(owners, store, listing(&a_lists));
	ClipOwnership b(owners, store, listing(&b_lists));

	// Source a's cap drops both from its history.
	EXPECT_EQ(a.delete_unused({shared, mine}), std::vector<std::string>{mine});
	EXPECT_TRUE(on_disk(shared)) << "b still shows this clip";
	EXPECT_FALSE(on_disk(mine));
}

TEST_F(ClipOwnersTest, TheCallersOwnListingDoesNotKeepAFile)
{
	// The caller asks after dropping the record; a stale "yes" from itself must not pin the file.
	const std::string clip = make_clip("clip.mp4");
	std::set<std::string> a_lists{clip};
	ClipOwnership a(owners, store, listing(&a_lists));
	EXPECT_EQ(a.delete_unused({clip}), std::vector<std::string>{clip});
	EXPECT_FALSE(on_disk(clip));
}

TEST_F(ClipOwnersTest, ARemovedSourceNoLongerKeepsFilesAndIsNeverAskedAgain)
{
	const std::string clip = make_clip("clip.mp4");
	std::set<std::string> a_lists{clip};
	int b_asked = 0;
	ClipOwnership a(owners, store, listing(&a_lists));
	{
		std::set<std::string> b_lists{clip};
		ClipOwnership b(owners, store, [&](const std::string &path) {
			b_asked++;
			return b_lists.count(path) > 0;
		});
		EXPECT_TRUE(a.delete_unused({clip}).empty());
		EXPECT_TRUE(on_disk(clip));
		EXPECT_EQ(b_asked, 1);
	} // b is removed (its source destroyed) here
	EXPECT_EQ(a.delete_unused({clip}), std::vector<std::string>{clip});
	EXPECT_EQ(b_asked, 1) << "a destroyed source was asked";
	EXPECT_FALSE(on_disk(clip));
}

TEST_F(ClipOwnersTest, AFileAlreadyGoneIsNotReportedAsDeleted)
{
	ClipOwnership a(owners, store, [](const std::string &) { return false; });
	EXPECT_TRUE(a.delete_unused({dir.file(std::string(64, 'b') + ".mp4")}).empty());
}

// The folder as a whole is bounded: clips of removed sources do not pile up forever. Oldest first, only
// files the plugin made, never one a loaded source lists or plays.
TEST_F(ClipOwnersTest, TheFolderBoundDeletesTheOldestUnusedClipsOfOurOwnOnly)
{
	std::vector<std::string> clips;
	const auto now = std::filesystem::file_time_type::clock::now();
	for (int i = 0; i < 5; i++) {
		clips.push_back(dir.file(std::string(63, 'a') + std::to_string(i) + ".mp4"));
		std::ofstream(clips.back()) << std::string(100, 'v');
		std::filesystem::last_write_time(clips.back(), now - std::chrono::hours(10 - i)); // 0 is the oldest
	}
	const std::string stranger = make_named("notes.mp4", 1000);
	std::set<std::string> a_lists{clips[0]}; // the oldest is still listed by a loaded source
	ClipOwnership a(owners, store, listing(&a_lists));

	// 500 bytes of our clips (the stranger does not count); 250 allowed.
	const std::vector<std::string> deleted = a.trim_folder(250);
	EXPECT_EQ(deleted, (std::vector<std::string>{clips[1], clips[2], clips[3]}));
	EXPECT_TRUE(on_disk(clips[0])) << "a listed clip was deleted";
	EXPECT_TRUE(on_disk(clips[4]));
	EXPECT_TRUE(on_disk(stranger)) << "a file the plugin did not make was deleted";
	EXPECT_TRUE(a.trim_folder(250).empty()) << "already within the bound";
}

} // namespace
} // namespace adiff::test
