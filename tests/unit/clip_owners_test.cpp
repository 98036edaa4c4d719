// Two sources can list the same clip file (a duplicated source copies the history; a fixed seed shares
// the cached file): one source's history cap must never delete a clip another source still shows.
#include "core/clip_owners.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

namespace adiff::test {
namespace {

class ClipOwnersTest : public ::testing::Test {
protected:
	std::string make_clip(const std::string &name)
	{
		const std::string path = dir.file(name);
		std::ofstream(path) << "clip";
		return path;
	}
	static ClipOwners::UsesFn listing(std::set<std::string> *paths)
	{
		return [paths](const std::string &path) { return paths->count(path) > 0; };
	}
	static bool on_disk(const std::string &path) { return std::filesystem::exists(path); }

	TempDir dir;
	ClipOwners owners;
};

TEST_F(ClipOwnersTest, AFileAnotherSourceListsIsKeptTheRestAreDeleted)
{
	const std::string shared = make_clip("shared.mp4");
	const std::string mine = make_clip("mine.mp4");
	std::set<std::string> a_lists{shared, mine}, b_lists{shared};
	ClipOwnership a(owners, listing(&a_lists));
	ClipOwnership b(owners, listing(&b_lists));

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
	ClipOwnership a(owners, listing(&a_lists));
	EXPECT_EQ(a.delete_unused({clip}), std::vector<std::string>{clip});
	EXPECT_FALSE(on_disk(clip));
}

TEST_F(ClipOwnersTest, ARemovedSourceNoLongerKeepsFilesAndIsNeverAskedAgain)
{
	const std::string clip = make_clip("clip.mp4");
	std::set<std::string> a_lists{clip};
	int b_asked = 0;
	ClipOwnership a(owners, listing(&a_lists));
	{
		std::set<std::string> b_lists{clip};
		ClipOwnership b(owners, [&](const std::string &path) {
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
	ClipOwnership a(owners, [](const std::string &) { return false; });
	EXPECT_TRUE(a.delete_unused({dir.file("never-written.mp4")}).empty());
}

} // namespace
} // namespace adiff::test
