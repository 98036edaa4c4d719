// Running a show through libobs: the prompt setlist (procs, hotkeys), clip rotation (hotkeys and the
// timer while on program) and a deployment, against the in-process fake Replicate on 127.0.0.1.
#include "obs/show_fixture.hpp"

#include <gtest/gtest.h>
#include <obs.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace adiff::test {
namespace {

class ShowControlTest : public ShowFixture {};

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
	const auto clips_made = source_with_two_clips();
	const std::string older = clips_made.first, newer = clips_made.second; // named: lambdas capture them
	ASSERT_FALSE(older.empty() || newer.empty()) << "two clips were not made";
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
