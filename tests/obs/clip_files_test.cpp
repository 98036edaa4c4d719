// Clip files through the real source: a scene collection's clip_history can name any file, and the history
// cap must never delete one the plugin did not make; a damaged download never replaces the playing clip.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "fake_replicate/fake_replicate.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;

class ClipFiles : public ::testing::Test {
protected:
	void SetUp() override
	{
		require_ffmpeg();
		ASSERT_TRUE(env_.ok()) << env_.error();
		served_ = dir_.file("served.mp4");
		make_colour_clip(served_, {colour::red, colour::green}, 8, 64, 64);
	}
	void TearDown() override
	{
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	}
	std::string clips_dir() const { return env_.plugin_config_dir() + "/clips"; }
	std::string setting(const char *key) { return obs_data_get_string(source_settings(source_.get()).get(), key); }
	std::string status_line()
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		return obs_property_description(obs_properties_get(props.get(), "status"));
	}
	void generate()
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		obs_property_button_clicked(obs_properties_get(props.get(), "generate"), source_.get());
	}
	void create(const FakeReplicate &fake, nlohmann::json extra)
	{
		nlohmann::json settings = {{"api_base_url", fake.base_url()},
					   {"api_token", fake.options().token},
					   {"prompt", "neon city at night"},
					   {"crossfade_ms", 0},
					   {"pause_when_hidden", false}};
		settings.update(extra);
		source_ = create_animatediff(settings.dump());
		ASSERT_TRUE(source_);
	}
	FakeOptions fast_fake(const std::string &clip_bytes) const
	{
		FakeOptions options;
		options.clip = clip_bytes;
		options.starting_ms = 20;
		options.processing_ms = 50;
		return options;
	}

	ObsEnv env_;
	TempDir dir_;
	std::string served_;
	SourcePtr source_;
};

TEST_F(ClipFiles, TheHistoryCapNeverDeletesAFileThePluginDidNotMake)
{
	// A user's document, listed in a (hand-edited or shared) scene collection's clip history, and a symlink
	// inside the clips folder, named like a clip, pointing at another document.
	const std::string document = dir_.file("tax-return.pdf");
	write_file(document, "precious");
	const std::string linked = dir_.file("diary.txt");
	write_file(linked, "private");
	std::filesystem::create_directories(clips_dir());
	const std::string link = clips_dir() + "/" + std::string(64, 'a') + ".mp4";
	std::filesystem::create_symlink(linked, link);

	FakeReplicate fake(fast_fake(read_file(served_)));
	create(fake, {{"history_max_clips", 1},
		      {"clip_history",
		       nlohmann::json::array({{{"path", link}, {"seed", 1}}, {{"path", document}, {"seed", 2}}})}});
	generate();
	ASSERT_TRUE(wait_until([&] { return !setting("clip_path").empty(); }, 20s)) << status_line();
	// The cap of 1 dropped both entries from the history...
	const nlohmann::json history = nlohmann::json::parse(obs_data_get_json(source_settings(source_.get()).get()))
					       .value("clip_history", nlohmann::json::array());
	EXPECT_EQ(history.size(), 1u) << history.dump();
	// ...and deleted neither file.
	EXPECT_EQ(read_file(document), "precious");
	EXPECT_TRUE(std::filesystem::is_symlink(link));
	EXPECT_EQ(read_file(linked), "private");
}

TEST_F(ClipFiles, ADamagedDownloadFailsAndThePreviousClipKeepsPlaying)
{
	const std::string faststart = dir_.file("faststart.mp4");
	make_faststart_copy(served_, faststart);
	const std::string truncated = dir_.file("truncated.mp4");
	make_truncated_copy(faststart, truncated, 0.6); // a valid header, missing picture data
	FakeReplicate fake(fast_fake(read_file(truncated)));
	create(fake, {{"clip_path", served_}});
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));

	generate();
	ASSERT_TRUE(wait_until([&] { return status_line().find("damaged video") != std::string::npos; }, 20s))
		<< status_line();
	EXPECT_EQ(fake.creates(), 1);
	EXPECT_EQ(setting("clip_path"), served_) << "the damaged file became the clip";
	EXPECT_EQ(obs_source_get_width(source_.get()), 64u);
	EXPECT_EQ(obs_source_media_get_state(source_.get()), OBS_MEDIA_STATE_PLAYING);
	std::error_code ec;
	EXPECT_TRUE(std::filesystem::is_empty(clips_dir(), ec) || ec) << "the damaged download stayed on disk";
}

} // namespace
} // namespace adiff::test
