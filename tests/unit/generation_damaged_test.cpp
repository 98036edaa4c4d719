// Damaged output is never a clip: a download that does not decode to the end fails with damaged_video and
// leaves nothing behind, and a fixed-seed cache entry that no longer decodes is dropped and made anew.
#include "core/media/decoder.hpp"
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace adiff::test {
namespace {

std::string read_bytes(const std::string &path)
{
	std::ostringstream out;
	out << std::ifstream(path, std::ios::binary).rdbuf();
	return out.str();
}

std::vector<std::string> files_in(const std::string &dir)
{
	std::vector<std::string> files;
	for (const auto &entry : std::filesystem::directory_iterator(dir))
		files.push_back(entry.path().string());
	return files;
}

// A real model-shaped clip, index first, and a copy cut short: a valid header with missing data.
struct ServedClips {
	TempDir dir;
	std::string whole, truncated;
	ServedClips()
	{
		const std::string model = dir.file("model.mp4");
		make_model_like_mp4(model);
		make_faststart_copy(model, dir.file("faststart.mp4"));
		make_truncated_copy(dir.file("faststart.mp4"), dir.file("truncated.mp4"), 0.6);
		whole = read_bytes(dir.file("faststart.mp4"));
		truncated = read_bytes(dir.file("truncated.mp4"));
	}
};

TEST(GenerationDamaged, ATruncatedMp4IsFailedAsDamagedAndLeavesNothing)
{
	ServedClips clips;
	FakeReplicate fake;
	fake.configure([&](FakeOptions &o) { o.clip = clips.truncated; });
	TempDir dir;
	StatusLog log;
	const auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed);
	EXPECT_EQ(final->error, ErrorCode::DamagedVideo) << error_id(final->error) << " " << final->detail;
	EXPECT_TRUE(final->clip_path.empty());
	EXPECT_TRUE(files_in(dir.path()).empty()) << "the damaged download stayed on disk";
	EXPECT_NE(format_status(*final, [](const char *key) { return std::string(key); }).find("Error.DamagedVideo"),
		  std::string::npos);
}

TEST(GenerationDamaged, ADamagedCachedClipIsDroppedAndGeneratedAnew)
{
	ServedClips clips;
	FakeReplicate fake;
	fake.configure([&](FakeOptions &o) { o.clip = clips.whole; });
	TempDir dir;
	GenerationRequest request = replicate_request(fake, 4242);
	request.seed_was_random = false;

	StatusLog first_log;
	const auto first = run_generation(request, fast_config(dir.path()), first_log);
	ASSERT_TRUE(first && first->state == State::Ready) << (first ? error_id(first->error) : "no end");
	ASSERT_EQ(fake.creates(), 1);

	// The cached file gets damaged on disk (a full disk, a crash mid-copy, a hand edit).
	std::ofstream(first->clip_path, std::ios::binary | std::ios::trunc) << clips.truncated;
	StatusLog second_log;
	const auto second = run_generation(request, fast_config(dir.path()), second_log);
	ASSERT_TRUE(second.has_value());
	EXPECT_EQ(second->state, State::Ready) << error_id(second->error) << " " << second->detail;
	EXPECT_FALSE(second->from_cache) << "the broken cached file was served";
	EXPECT_EQ(fake.creates(), 2) << "no new prediction for a damaged cache entry";
	EXPECT_EQ(second->clip_path, first->clip_path);
	EXPECT_EQ(verify_clip(second->clip_path).error, DecodeError::None);

	// A sound cache entry is still served from disk.
	StatusLog third_log;
	const auto third = run_generation(request, fast_config(dir.path()), third_log);
	ASSERT_TRUE(third.has_value());
	EXPECT_TRUE(third->from_cache);
	EXPECT_EQ(fake.creates(), 2);
}

} // namespace
} // namespace adiff::test
