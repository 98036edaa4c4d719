// The whole flow through the real source: the panel's Generate button -> the loopback fake API ->
// the clip file -> decoded frames -> pixels on screen; plus the ways a user can spend nothing by mistake.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "obs/source_procs.hpp"
#include "fake_replicate/fake_replicate.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;

uint32_t rgba_of(Rgba colour)
{
	return (uint32_t(colour.r) << 24) | (uint32_t(colour.g) << 16) | (uint32_t(colour.b) << 8) | colour.a;
}

class GenerationFlow : public ::testing::Test {
protected:
	void SetUp() override
	{
		require_ffmpeg();
		ASSERT_TRUE(env_.ok()) << env_.error();
		clip_file_ = dir_.file("served.mp4");
		make_colour_clip(clip_file_, {colour::red, colour::green, colour::blue, colour::white}, 8, 64, 64);
	}

	void TearDown() override
	{
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	}

	FakeOptions fake_options() const
	{
		FakeOptions options;
		options.clip = read_file(clip_file_);
		options.starting_ms = 30;
		options.processing_ms = 150;
		return options;
	}

	// Settings as a person would leave them: the fake API's address, a token typed into the panel.
	std::string settings_json(const FakeReplicate &fake,
				  const nlohmann::json &extra = nlohmann::json::object()) const
	{
		nlohmann::json settings = {{"api_base_url", fake.base_url()},
					   {"api_token", fake.options().token},
					   {"prompt", "neon city at night, 霓虹城市"},
					   {"crossfade_ms", 0},
					   {"pause_when_hidden", false}};
		settings.update(extra);
		return settings.dump();
	}

	void press(const char *button)
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		obs_property_t *p = obs_properties_get(props.get(), button);
		ASSERT_TRUE(p) << button;
		obs_property_button_clicked(p, source_.get());
	}

	std::string status_line()
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		return obs_property_description(obs_properties_get(props.get(), "status"));
	}

	std::string clip_path() { return obs_data_get_string(source_settings(source_.get()).get(), "clip_path"); }

	// The state as scripts see it (the source's get_status proc).
	std::string state()
	{
		const nlohmann::json status = source_status(source_.get());
		return status.is_object() ? status.value("state", "") : "";
	}

	uint32_t centre_colour()
	{
		const uint32_t w = obs_source_get_width(source_.get()), h = obs_source_get_height(source_.get());
		Pixels pixels = render_source(source_.get(), w, h);
		return pixels.empty() ? 0 : pixels.rgba_at(w / 2, h / 2);
	}

	ObsEnv env_;
	TempDir dir_;
	std::string clip_file_;
	SourcePtr source_;
};

TEST_F(GenerationFlow, GenerateButtonPlaysTheNewClipAndSpendsExactlyOnePrediction)
{
	FakeReplicate fake(fake_options());
	source_ = create_animatediff(settings_json(fake));
	ASSERT_TRUE(source_);
	EXPECT_EQ(fake.creates(), 0) << "creating or updating the source must never start a generation";

	press("generate");
	ASSERT_TRUE(wait_until([&] { return !clip_path().empty(); }, 20s)) << status_line();
	EXPECT_TRUE(std::filesystem::exists(clip_path()));
	EXPECT_EQ(read_file(clip_path()), read_file(clip_file_)) << "the file on disk is what the server served";
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));

	// The clip's first frames are on screen (red, then green ... as time moves).
	ASSERT_TRUE(wait_until(
		[&] {
			const uint32_t c = centre_colour();
			return colour_near(c, rgba_of(colour::red), 24) || colour_near(c, rgba_of(colour::green), 24) ||
			       colour_near(c, rgba_of(colour::blue), 24) || colour_near(c, rgba_of(colour::white), 24);
		},
		10s))
		<< colour_hex(centre_colour());

	EXPECT_EQ(fake.creates(), 1);
	EXPECT_EQ(fake.downloads_with_authorization(), 0) << "the token went to the file host";
	const auto creates = fake.requests_to(Endpoint::Create);
	ASSERT_EQ(creates.size(), 1u);
	const nlohmann::json body = nlohmann::json::parse(creates[0].body);
	EXPECT_EQ(body["input"]["prompt"], "neon city at night, 霓虹城市");
	EXPECT_EQ(body["input"]["steps"], 25);
	EXPECT_EQ(body["input"]["guidance_scale"], 7.5);
	const int64_t seed = body["input"]["seed"];
	EXPECT_GE(seed, 1);
	EXPECT_LE(seed, 2147483647);
	EXPECT_EQ(creates[0].headers.at("authorization"), "Bearer " + fake.options().token);

	// The status line tells the seed actually used and the prediction id.
	const std::string status = status_line();
	EXPECT_NE(status.find(std::to_string(seed)), std::string::npos) << status;
	EXPECT_NE(status.find(fake.prediction_ids().front()), std::string::npos) << status;

	// The token never lands in the settings that OBS saves into the scene collection.
	const std::string saved = obs_data_get_json(source_settings(source_.get()).get());
	EXPECT_EQ(saved.find(fake.options().token), std::string::npos);
}

TEST_F(GenerationFlow, TheClipComesBackAfterARestartWithoutANewPrediction)
{
	FakeReplicate fake(fake_options());
	source_ = create_animatediff(settings_json(fake));
	press("generate");
	ASSERT_TRUE(wait_until([&] { return !clip_path().empty(); }, 20s)) << status_line();
	const std::string saved = obs_data_get_json(source_settings(source_.get()).get());
	source_.reset();

	DataPtr restored = data_from_json(saved);
	source_ = SourcePtr(obs_source_create("animatediff_source", "restored", restored.get(), nullptr));
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));
	EXPECT_EQ(fake.creates(), 1);
}

TEST_F(GenerationFlow, OutOfRangeValuesFromAHandEditedSceneAreRefusedNotSent)
{
	FakeReplicate fake(fake_options());
	source_ = create_animatediff(settings_json(fake, {{"steps", 500}, {"motion_module", "mm_sd_v99"}}));
	press("generate");
	const std::string status = status_line();
	EXPECT_NE(status.find("steps"), std::string::npos) << status;
	EXPECT_NE(status.find("motion_module"), std::string::npos) << status;
	EXPECT_EQ(fake.requests().size(), 0u) << "an invalid value reached the API";
}

TEST_F(GenerationFlow, AnEmptyPromptIsRefusedWithoutSpendingAPrediction)
{
	FakeReplicate fake(fake_options());
	source_ = create_animatediff(settings_json(fake, {{"prompt", "  \n "}, {"clip_path", clip_file_}}));
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));
	press("generate");
	const std::string status = status_line();
	EXPECT_NE(status.find("No prompt"), std::string::npos) << status;
	EXPECT_EQ(fake.requests().size(), 0u) << "an empty prompt was sent to the API";
	EXPECT_EQ(clip_path(), clip_file_) << "the refused click replaced the playing clip";
	EXPECT_EQ(obs_source_get_width(source_.get()), 64u);
}

TEST_F(GenerationFlow, ASecondClickWhileGeneratingIsRefusedAndCancelKeepsThePreviousClip)
{
	FakeOptions options = fake_options();
	options.processing_ms = 60000; // long enough to click again and cancel
	FakeReplicate fake(options);
	source_ = create_animatediff(settings_json(fake, {{"clip_path", clip_file_}}));
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));

	press("generate");
	ASSERT_TRUE(fake.wait_until([&] { return fake.creates() == 1; }, 10s));
	press("generate");
	EXPECT_EQ(fake.creates(), 1) << "a second click created a second (billed) prediction";

	press("cancel");
	ASSERT_TRUE(fake.wait_until([&] { return fake.cancels() == 1; }, 10s));
	ASSERT_TRUE(wait_until([&] { return status_line().find("ancel") != std::string::npos; }, 10s)) << status_line();
	EXPECT_EQ(clip_path(), clip_file_) << "cancel replaced the playing clip";
	EXPECT_EQ(obs_source_get_width(source_.get()), 64u);
}

TEST_F(GenerationFlow, RemovingTheSourceMidGenerationIsFastAndCancelsRemotely)
{
	FakeOptions options = fake_options();
	options.processing_ms = 60000;
	FakeReplicate fake(options);
	source_ = create_animatediff(settings_json(fake));
	press("generate");
	// Mid-generation: the prediction exists and is being followed (its id is known to the plugin).
	ASSERT_TRUE(fake.wait_until([&] { return fake.gets() >= 1; }, 15s));

	const auto start = std::chrono::steady_clock::now();
	source_.reset(); // the last reference: destroy runs now
	const auto elapsed = std::chrono::steady_clock::now() - start;
	EXPECT_LT(elapsed, 1s) << "removing the source blocked";
	EXPECT_TRUE(fake.wait_until([&] { return fake.cancels() == 1; }, 2s))
		<< "the remote prediction was left running";
}

TEST_F(GenerationFlow, NoTokenAnywhereSaysWhatToDoAndSendsNothing)
{
	FakeReplicate fake(fake_options());
	unsetenv("REPLICATE_API_TOKEN");
	nlohmann::json settings = nlohmann::json::parse(settings_json(fake));
	settings.erase("api_token");
	source_ = create_animatediff(settings.dump());
	press("generate");
	const std::string status = status_line();
	EXPECT_NE(status.find("REPLICATE_API_TOKEN"), std::string::npos) << status;
	EXPECT_EQ(fake.requests().size(), 0u);
}

TEST_F(GenerationFlow, EveryClipIsInTheHistoryAndPickingOnePlaysItAgain)
{
	FakeReplicate fake(fake_options());
	source_ = create_animatediff(settings_json(fake));
	press("generate");
	ASSERT_TRUE(wait_until([&] { return !clip_path().empty(); }, 20s)) << status_line();
	const std::string first = clip_path();
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));

	// The second clip is another picture (and another size), so the screen tells which one plays.
	const std::string other = dir_.file("other.mp4");
	make_colour_clip(other, {colour::yellow, colour::yellow}, 8, 96, 80);
	fake.configure([&](FakeOptions &o) { o.clip = read_file(other); });
	press("generate");
	ASSERT_TRUE(fake.wait_until([&] { return fake.creates() == 2; }, 10s)) << status_line();
	ASSERT_TRUE(wait_until([&] { return clip_path() != first && !clip_path().empty(); }, 20s)) << status_line();
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 96; }, 10s));

	// Newest first, labelled with the seed of each request.
	PropertiesPtr props(obs_source_properties(source_.get()));
	obs_property_t *history = obs_properties_get(props.get(), "history");
	ASSERT_TRUE(history);
	ASSERT_EQ(obs_property_list_item_count(history), 3u) << "a 'pick a clip' entry and two clips";
	EXPECT_EQ(std::string(obs_property_list_item_string(history, 2)), first);
	const auto creates = fake.requests_to(Endpoint::Create);
	const int64_t first_seed = nlohmann::json::parse(creates[0].body)["input"]["seed"];
	EXPECT_NE(std::string(obs_property_list_item_name(history, 2)).find(std::to_string(first_seed)),
		  std::string::npos)
		<< obs_property_list_item_name(history, 2);

	// Picking the older clip in the panel plays it (as the properties view does: modified, then update).
	DataPtr settings = source_settings(source_.get());
	obs_data_set_string(settings.get(), "history", first.c_str());
	obs_property_modified(history, settings.get());
	obs_source_update(source_.get(), settings.get());
	ASSERT_TRUE(wait_until([&] { return obs_source_get_width(source_.get()) == 64; }, 10s));
	EXPECT_EQ(clip_path(), first);
	EXPECT_EQ(fake.creates(), 2) << "playing a clip from the history spent a prediction";
}

TEST_F(GenerationFlow, TheHistoryCapNeverDeletesAClipADuplicatedSourceStillShows)
{
	FakeReplicate fake(fake_options());
	source_ = create_animatediff(settings_json(fake, {{"history_max_clips", 1}}));
	press("generate");
	ASSERT_TRUE(wait_until([&] { return !clip_path().empty(); }, 20s)) << status_line();
	const std::string first = clip_path();

	// Duplicate the source the way OBS's "Duplicate" does: the copy lists and plays the same file.
	SourcePtr copy(obs_source_duplicate(source_.get(), "AnimateDiff copy", false));
	ASSERT_TRUE(copy);
	EXPECT_EQ(obs_data_get_string(source_settings(copy.get()).get(), "clip_path"), first);

	// The original makes a new clip; its cap of 1 drops the first from its own history.
	press("generate");
	ASSERT_TRUE(wait_until([&] { return clip_path() != first && !clip_path().empty(); }, 20s)) << status_line();
	const std::string second = clip_path();
	EXPECT_TRUE(std::filesystem::exists(first)) << "the copy's clip was deleted by the original's history cap";

	// With the copy gone, nobody else needs the original's old clips: the cap deletes them again.
	copy.reset();
	press("generate");
	ASSERT_TRUE(wait_until([&] { return clip_path() != second && !clip_path().empty(); }, 20s)) << status_line();
	EXPECT_FALSE(std::filesystem::exists(second)) << "the history cap kept a clip no source uses";
	EXPECT_TRUE(std::filesystem::exists(clip_path()));
	EXPECT_EQ(fake.creates(), 3);
}

} // namespace
} // namespace adiff::test
