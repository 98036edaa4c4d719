// The clip folder: names from the hash and a whitelisted extension, private folder, atomic commit.
#include "core/clips/clip_store.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sys/stat.h>

namespace adiff {
namespace {

const std::string kHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

TEST(ClipStore, EnsureDirCreatesAPrivateFolder)
{
	test::TempDir tmp;
	ClipStore store(tmp.file("a/b/clips"));
	std::string error;
	ASSERT_TRUE(store.ensure_dir(&error)) << error;
	struct stat st {};
	ASSERT_EQ(::stat(store.dir().c_str(), &st), 0);
	EXPECT_EQ(st.st_mode & 0777, 0700u);
	EXPECT_TRUE(store.ensure_dir(&error)) << "a second call is fine";
}

TEST(ClipStore, EnsureDirReportsAFileInTheWay)
{
	test::TempDir tmp;
	test::write_file(tmp.file("clips"), "not a folder");
	ClipStore store(tmp.file("clips"));
	std::string error;
	EXPECT_FALSE(store.ensure_dir(&error));
	EXPECT_FALSE(error.empty());
}

TEST(ClipStore, PathForWhitelistsExtensions)
{
	ClipStore store("/clips");
	EXPECT_EQ(store.path_for(kHash, "mp4"), "/clips/" + kHash + ".mp4");
	EXPECT_EQ(store.path_for(kHash, "webm"), "/clips/" + kHash + ".webm");
	EXPECT_EQ(store.path_for(kHash, "gif"), "/clips/" + kHash + ".gif");
	EXPECT_EQ(store.path_for(kHash, "mov"), "/clips/" + kHash + ".mov");
	EXPECT_EQ(store.path_for(kHash, "exe"), "/clips/" + kHash + ".bin");
	EXPECT_EQ(store.path_for(kHash, "../../x"), "/clips/" + kHash + ".bin");
}

TEST(ClipStore, FindSeesOnlyCommittedClips)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	EXPECT_FALSE(store.find(kHash));
	test::write_file(store.temp_path_for(kHash), "partial"); // a download in progress is not a clip
	EXPECT_FALSE(store.find(kHash));
	test::write_file(store.path_for(kHash, "bin"), "unknown");
	EXPECT_FALSE(store.find(kHash));
	test::write_file(store.path_for(kHash, "webm"), "clip");
	EXPECT_EQ(store.find(kHash).value_or(""), store.path_for(kHash, "webm"));
	EXPECT_FALSE(store.find("ffff"));
}

TEST(ClipStore, TempPathsAreUniqueAndBesideTheClips)
{
	ClipStore store("/clips");
	std::set<std::string> seen;
	for (int i = 0; i < 100; ++i) {
		std::string temp = store.temp_path_for(kHash);
		EXPECT_EQ(std::filesystem::path(temp).parent_path(), "/clips");
		EXPECT_TRUE(seen.insert(temp).second) << temp;
		EXPECT_NE(temp, store.path_for(kHash, "mp4"));
	}
}

TEST(ClipStore, CommitRenames)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	const std::string temp = store.temp_path_for(kHash);
	test::write_file(temp, "video bytes");
	std::string error;
	ASSERT_TRUE(store.commit(temp, store.path_for(kHash, "mp4"), &error)) << error;
	EXPECT_FALSE(std::filesystem::exists(temp));
	EXPECT_EQ(test::read_file(store.path_for(kHash, "mp4")), "video bytes");
}

TEST(ClipStore, FailedCommitRemovesTheTempFile)
{
	test::TempDir tmp;
	ClipStore store(tmp.path());
	const std::string temp = store.temp_path_for(kHash);
	test::write_file(temp, "video bytes");
	std::string error;
	EXPECT_FALSE(store.commit(temp, tmp.file("missing-folder/x.mp4"), &error));
	EXPECT_FALSE(error.empty());
	EXPECT_FALSE(std::filesystem::exists(temp));
}

} // namespace
} // namespace adiff
