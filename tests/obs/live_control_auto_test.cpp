// Live-show control through libobs, automation side: the rate guard on automated triggers, auto-refresh
// while on program, and the Live control settings of the panel.
#include "obs/live_control_fixture.hpp"

namespace adiff::test {
namespace {

TEST_F(LiveControlTest, RateGuardRefusesASecondAutomatedTriggerButNotAPerson)
{
	start_fake(100);
	create_source({{"min_trigger_interval_s", 30}});
	ASSERT_TRUE(call_generate().ok);
	ASSERT_TRUE(wait_state("ready")) << get_status().dump();

	const ProcAnswer again = call_generate();
	EXPECT_FALSE(again.ok);
	EXPECT_EQ(again.body.value("code", ""), "throttled") << again.body.dump();
	const int wait_s = again.body.value("retry_after_s", 0);
	EXPECT_GE(wait_s, 1);
	EXPECT_LE(wait_s, 30);
	EXPECT_NE(again.error.find(std::to_string(wait_s) + " s"), std::string::npos)
		<< "the error must say how long to wait: " << again.error;
	EXPECT_EQ(fake_->creates(), 1) << "a refused trigger must not reach the API";
	EXPECT_EQ(get_status().value("state", ""), "ready") << "a refused trigger must not replace the status";

	// A person pressing the hotkey is not limited.
	press_hotkey("AnimateDiff.Generate");
	EXPECT_TRUE(fake_->wait_until([&] { return fake_->creates() == 2; }, 10s));
}

TEST_F(LiveControlTest, GenerateOnActivateRunsOnlyWhileTheSourceIsOnProgram)
{
	start_fake(100, false);
	create_source({{"generate_on_activate", true}});
	// Not on program: no generation, however long it is left alone (a bounded look: one second of frames).
	ASSERT_TRUE(wait_video_ms(1000));
	EXPECT_EQ(fake_->creates(), 0);

	obs_set_output_source(0, source_.get());
	EXPECT_TRUE(fake_->wait_until([&] { return fake_->creates() == 1; }, 10s)) << "no generation on activation";
	ASSERT_TRUE(wait_until(
		[&] {
			return get_status().value("state", "") != "processing" &&
			       get_status().value("state", "") != "starting" &&
			       get_status().value("state", "") != "submitting";
		},
		20s));
	obs_set_output_source(0, nullptr);
	// libobs applies (de)activation on the next video tick: let a few frames pass before showing it again.
	ASSERT_TRUE(wait_video_ms(200));
	obs_set_output_source(0, source_.get());
	EXPECT_TRUE(fake_->wait_until([&] { return fake_->creates() == 2; }, 10s)) << "each activation generates once";
	obs_set_output_source(0, nullptr);
}

TEST_F(LiveControlTest, PanelHasTheLiveControlSettingsWithTheirDefaults)
{
	start_fake(100, false);
	source_ = create_animatediff();
	DataPtr settings = source_settings(source_.get());
	EXPECT_EQ(obs_data_get_int(settings.get(), "refresh_minutes"), 0);
	EXPECT_FALSE(obs_data_get_bool(settings.get(), "generate_on_activate"));
	EXPECT_EQ(obs_data_get_int(settings.get(), "min_trigger_interval_s"), 10);
	PropertiesPtr props(obs_source_properties(source_.get()));
	for (const char *name : {"refresh_minutes", "generate_on_activate", "min_trigger_interval_s"}) {
		obs_property_t *p = obs_properties_get(props.get(), name);
		ASSERT_TRUE(p) << name;
		EXPECT_EQ(std::string(obs_property_description(p)).find("Live."), std::string::npos)
			<< name << " label is untranslated";
	}
}

} // namespace
} // namespace adiff::test
