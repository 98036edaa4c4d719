// Running a show through libobs: the prompt setlist (procs, hotkeys), clip rotation (hotkeys and the
// timer while on program) and a deployment, against the in-process fake Replicate on 127.0.0.1.
#include "fake_replicate/fake_replicate.hpp"
#include "obs/hotkey_press.hpp"
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <obs.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class ShowControlTest : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override
	{
		obs_set_output_source(0, nullptr);
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0) << "libobs allocations left after obs_shutdown";
		fake_.reset();
	}

	void start_fake(int processing_ms = 50)
	{
		require_ffmpeg();
		FakeOptions options;
		options.starting_ms = 20;
		options.processing_ms = processing_ms;
		const std::string clip = dir_.file("served.mp4");
		make_colour_clip(clip, {colour::red, colour::green}, 4, 32, 32);
		options.clip = read_file(clip);
		fake_ = std::make_unique<FakeReplicate>(options);
	}

	void create_source(json settings)
	{
		settings["api_base_url"] = fake_->base_url();
		settings["api_token"] = fake_->options().token;
		settings["prompt"] = "the prompt field";
		settings["min_trigger_interval_s"] = 0;
		source_ = create_animatediff(settings.dump());
		ASSERT_TRUE(source_);
	}

	static json setlist(const std::string &mode)
	{
		return {{"prompt_list_mode", mode},
			{"prompt_list",
			 json::array({{{"value", "alpha"}}, {{"value", "beta"}}, {{"value", "gamma"}}})}};
	}

	bool call_generate()
	{
		calldata_t cd;
		calldata_init(&cd);
		proc_handler_call(obs_source_get_proc_handler(source_.get()), "generate", &cd);
		const bool ok = calldata_bool(&cd, "ok");
		calldata_free(&cd);
		return ok;
	}

	json get_status()
	{
		calldata_t cd;
		calldata_init(&cd);
		proc_handler_call(obs_source_get_proc_handler(source_.get()), "get_status", &cd);
		const char *text = calldata_string(&cd, "json");
		json status = json::parse(text ? text : "null", nullptr, false);
		calldata_free(&cd);
		return status;
	}

	// Generates and waits for the end; returns the final state.
	std::string generate_and_wait()
	{
		const int before = fake_->creates();
		if (!call_generate())
			return "refused";
		EXPECT_TRUE(fake_->wait_until([&] { return fake_->creates() == before + 1; }, 10s));
		std::string state;
		wait_until(
			[&] {
				state = get_status().value("state", "");
				return state == "ready" || state == "failed" || state == "canceled";
			},
			20s);
		// The clip is handed to the settings just after the status says ready.
		if (state == "ready") {
			EXPECT_TRUE(wait_until([&] { return clip_path() == get_status().value("clip_path", ""); }, 5s));
		}
		return state;
	}

	std::string last_prompt_sent()
	{
		const auto creates = fake_->requests_to(Endpoint::Create);
		if (creates.empty())
			return {};
		return json::parse(creates.back().body)["input"].value("prompt", "");
	}

	std::string clip_path() { return obs_data_get_string(source_settings(source_.get()).get(), "clip_path"); }

	void press_hotkey(const char *name) { press_source_hotkey(name); }

	ObsEnv env_;
	TempDir dir_;
	std::unique_ptr<FakeReplicate> fake_;
	SourcePtr source_;
};

TEST_F(ShowControlTest, SequentialSetlistFeedsEachGenerationAndOnlyASuccessAdvances)
{
	start_fake();
	create_source(setlist("sequential"));
	EXPECT_EQ(get_status().value("prompt_next", -2), 0);
	EXPECT_EQ(get_status().value("prompt_count", -2), 3);

	ASSERT_EQ(generate_and_wait(), "ready");
	EXPECT_EQ(last_prompt_sent(), "alpha");
	EXPECT_EQ(get_status().value("prompt_index", -2), 0);
	EXPECT_EQ(get_status().value("prompt_next", -2), 1);

	fake_->inject(Endpoint::Create, Fault::InvalidFields); // this one fails: the list stays
	ASSERT_EQ(generate_and_wait(), "failed");
	EXPECT_EQ(last_prompt_sent(), "beta");
	EXPECT_EQ(get_status().value("prompt_next", -2), 1);

	ASSERT_EQ(generate_and_wait(), "ready");
	EXPECT_EQ(last_prompt_sent(), "beta");
	EXPECT_EQ(get_status().value("prompt_index", -2), 1);
}

TEST_F(ShowControlTest, HotkeysMoveTheCursorWithoutGenerating)
{
	start_fake();
	create_source(setlist("sequential"));
	press_hotkey("AnimateDiff.SetlistNext");
	press_hotkey("AnimateDiff.SetlistNext");
	EXPECT_EQ(get_status().value("prompt_next", -2), 2);
	press_hotkey("AnimateDiff.SetlistPrevious");
	EXPECT_EQ(get_status().value("prompt_next", -2), 1);
	EXPECT_EQ(fake_->creates(), 0);
	ASSERT_EQ(generate_and_wait(), "ready");
	EXPECT_EQ(last_prompt_sent(), "beta");
}

TEST_F(ShowControlTest, SetlistOffUsesThePromptField)
{
	start_fake();
	create_source(setlist("off"));
	ASSERT_EQ(generate_and_wait(), "ready");
	EXPECT_EQ(last_prompt_sent(), "the prompt field");
	EXPECT_EQ(get_status().value("prompt_next", -2), -1);
}

TEST_F(ShowControlTest, ClipHotkeysStepThroughTheHistoryAndRotationRunsOnProgram)
{
	start_fake();
	create_source(json::object());
	ASSERT_EQ(generate_and_wait(), "ready");
	const std::string older = clip_path();
	ASSERT_EQ(generate_and_wait(), "ready");
	const std::string newer = clip_path();
	ASSERT_NE(older, newer);

	press_hotkey("AnimateDiff.NextClip");
	EXPECT_EQ(clip_path(), older);
	EXPECT_EQ(get_status().value("clip_index", -2), 1);
	press_hotkey("AnimateDiff.PreviousClip");
	EXPECT_EQ(clip_path(), newer);

	// On program with rotate_seconds = 1: the clips alternate by themselves, and nothing is created.
	const int creates = fake_->creates();
	DataPtr patch = data_from_json(R"({"rotate_seconds": 1})");
	obs_source_update(source_.get(), patch.get());
	obs_set_output_source(0, source_.get());
	EXPECT_TRUE(wait_until([&] { return clip_path() == older; }, 5s)) << clip_path();
	EXPECT_TRUE(wait_until([&] { return clip_path() == newer; }, 5s)) << clip_path();
	EXPECT_EQ(fake_->creates(), creates);
}

TEST_F(ShowControlTest, ADeploymentReceivesTheCreateWithoutAVersion)
{
	start_fake();
	create_source({{"deployment", kFakeDeployment}});
	ASSERT_EQ(generate_and_wait(), "ready");
	const RecordedRequest create = fake_->requests_to(Endpoint::Create).back();
	EXPECT_EQ(create.path, "/v1/deployments/acme/animate-diff-show/predictions");
	EXPECT_FALSE(json::parse(create.body).contains("version"));
}

TEST_F(ShowControlTest, AnUnknownDeploymentIsAClearStatus)
{
	start_fake();
	create_source({{"deployment", "acme/nothing-here"}});
	ASSERT_EQ(generate_and_wait(), "failed");
	const json status = get_status();
	EXPECT_EQ(status.value("error", ""), "unknown_deployment") << status.dump();
	EXPECT_NE(status.value("message", "").find("acme/nothing-here"), std::string::npos) << status.dump();
}

TEST_F(ShowControlTest, PanelHasTheShowGroupsAndTheirSettings)
{
	start_fake();
	create_source(json::object());
	PropertiesPtr props(obs_source_properties(source_.get()));
	for (const char *group : {"group_setlist", "group_rotation"}) {
		obs_property_t *g = obs_properties_get(props.get(), group);
		ASSERT_TRUE(g) << group;
		EXPECT_EQ(obs_property_get_type(g), OBS_PROPERTY_GROUP) << group;
	}
	obs_property_t *list = obs_properties_get(props.get(), "prompt_list");
	ASSERT_TRUE(list);
	EXPECT_EQ(obs_property_get_type(list), OBS_PROPERTY_EDITABLE_LIST);
	EXPECT_TRUE(obs_properties_get(props.get(), "prompt_list_mode"));
	EXPECT_TRUE(obs_properties_get(props.get(), "rotate_seconds"));
	EXPECT_TRUE(obs_properties_get(props.get(), "rotate_order"));
	EXPECT_TRUE(obs_properties_get(props.get(), "deployment"));
	DataPtr settings = source_settings(source_.get());
	EXPECT_STREQ(obs_data_get_string(settings.get(), "prompt_list_mode"), "off");
	EXPECT_EQ(obs_data_get_int(settings.get(), "rotate_seconds"), 0);
	EXPECT_STREQ(obs_data_get_string(settings.get(), "deployment"), "");
}

TEST_F(ShowControlTest, ModelNameAloneIsResolvedAndShown)
{
	start_fake();
	create_source({{"model_version", kAnimateDiffModel}});
	ASSERT_EQ(generate_and_wait(), "ready");
	const json status = get_status();
	EXPECT_EQ(status.value("resolved_version", ""), std::string(kAnimateDiffModel) + ":" + kAnimateDiffVersionHash);
	EXPECT_EQ(fake_->count(Endpoint::Model), 1);
	EXPECT_EQ(json::parse(fake_->requests_to(Endpoint::Create).back().body).value("version", ""),
		  std::string(kAnimateDiffModel) + ":" + kAnimateDiffVersionHash);
}

} // namespace
} // namespace adiff::test
