// OBS's Missing Files dialog: a source whose clip is gone lists it (with the source's name), one whose
// clip exists lists nothing, and the path the user picks becomes the source's clip_path.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace adiff::test {
namespace {

class MissingFiles : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override
	{
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0) << "libobs allocations left after obs_shutdown";
	}
	void create_with_clip(const std::string &clip_path)
	{
		source_ = create_animatediff(nlohmann::json{{"clip_path", clip_path}}.dump(), "Loop 1");
		ASSERT_TRUE(source_);
	}

	ObsEnv env_;
	TempDir dir_;
	SourcePtr source_;
};

TEST_F(MissingFiles, AClipThatExistsIsNotMissing)
{
	const std::string clip = dir_.file("here.mp4");
	write_file(clip, "not decoded by this test");
	create_with_clip(clip);
	obs_missing_files_t *files = obs_source_get_missing_files(source_.get());
	ASSERT_NE(files, nullptr);
	EXPECT_EQ(obs_missing_files_count(files), 0u);
	obs_missing_files_destroy(files);
}

TEST_F(MissingFiles, NoClipYetIsNotMissing)
{
	source_ = create_animatediff("{}", "Loop 1");
	obs_missing_files_t *files = obs_source_get_missing_files(source_.get());
	EXPECT_EQ(obs_missing_files_count(files), 0u);
	obs_missing_files_destroy(files);
}

TEST_F(MissingFiles, ADeletedClipIsListedAndThePickedPathBecomesClipPath)
{
	const std::string gone = dir_.file("gone.mp4");
	write_file(gone, "soon deleted");
	create_with_clip(gone);
	std::filesystem::remove(gone);

	obs_missing_files_t *files = obs_source_get_missing_files(source_.get());
	ASSERT_EQ(obs_missing_files_count(files), 1u);
	obs_missing_file_t *file = obs_missing_files_get_file(files, 0);
	EXPECT_EQ(std::string(obs_missing_file_get_path(file)), gone);
	EXPECT_EQ(std::string(obs_missing_file_get_source_name(file)), "Loop 1");

	// What the dialog does when the user points at the clip's new place.
	const std::string moved = dir_.file("moved.mp4");
	write_file(moved, "the same clip, moved");
	obs_missing_file_issue_callback(file, moved.c_str());
	obs_missing_files_destroy(files);
	EXPECT_EQ(std::string(obs_data_get_string(source_settings(source_.get()).get(), "clip_path")), moved);

	files = obs_source_get_missing_files(source_.get());
	EXPECT_EQ(obs_missing_files_count(files), 0u) << "found again: nothing missing any more";
	obs_missing_files_destroy(files);
}

} // namespace
} // namespace adiff::test
