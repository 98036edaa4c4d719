// The dock's view model: what the live control dock shows for the JSON a source answers (get_status,
// list_clips, the show status), so the dock's display rules are checked without Qt or OBS.
#include "core/live/control_panel_model.hpp"
#include "core/live/session_spend.hpp"
#include "core/status/status.hpp"
#include "core/status/status_json.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

std::string arg(const PanelProgress &p, const std::string &name)
{
	for (const auto &[key, value] : p.stage_args)
		if (key == name)
			return value;
	return "<none>";
}

TEST(ControlPanelModel, EveryStageOfAGenerationHasItsLine)
{
	Status status;
	status.state = State::Submitting;
	PanelProgress p = panel_progress(status_to_json(status, "sending"));
	EXPECT_TRUE(p.busy);
	EXPECT_TRUE(p.indeterminate);
	EXPECT_EQ(p.stage_key, "Dock.Stage.Sending");

	status.state = State::Starting;
	EXPECT_EQ(panel_progress(status_to_json(status, "")).stage_key, "Dock.Stage.Queued");
	status.cold_start = true;
	EXPECT_EQ(panel_progress(status_to_json(status, "")).stage_key, "Dock.Stage.ColdStart");

	status.state = State::Processing;
	status.step = 7;
	status.steps = 25;
	status.progress = 0.4;
	p = panel_progress(status_to_json(status, ""));
	EXPECT_EQ(p.stage_key, "Dock.Stage.Denoising");
	EXPECT_EQ(arg(p, "step"), "7");
	EXPECT_EQ(arg(p, "steps"), "25");
	EXPECT_FALSE(p.indeterminate);
	EXPECT_EQ(p.percent, 40);

	status.state = State::Downloading;
	status.download = 0.5;
	status.progress = 0.9;
	p = panel_progress(status_to_json(status, ""));
	EXPECT_EQ(p.stage_key, "Dock.Stage.Downloading");
	EXPECT_EQ(arg(p, "percent"), "50");
	EXPECT_TRUE(p.busy);
}

TEST(ControlPanelModel, ProcessingBeforeTheFirstStepIsStartingNotStepZero)
{
	Status status;
	status.state = State::Processing;
	EXPECT_EQ(panel_progress(status_to_json(status, "")).stage_key, "Dock.Stage.Starting");
}

TEST(ControlPanelModel, AReadyClipStillDecodingSaysSoAndThenShowsItsSeed)
{
	Status status;
	status.state = State::Ready;
	status.seed = 1234;
	status.frame = 3;
	status.frames = 16;
	nlohmann::json j = status_to_json(status, "");
	j["smoothing"] = "off";
	PanelProgress p = panel_progress(j);
	EXPECT_EQ(p.stage_key, "Dock.Stage.Decoding");
	EXPECT_FALSE(p.busy); // the API's part is over: Generate is free again
	j["smoothing"] = "motion";
	EXPECT_EQ(panel_progress(j).stage_key, "Dock.Stage.Smoothing");

	status.frame = 16;
	p = panel_progress(status_to_json(status, ""));
	EXPECT_EQ(p.stage_key, "Dock.Stage.Done");
	EXPECT_EQ(arg(p, "seed"), "1234");
	EXPECT_EQ(p.percent, 100);
}

TEST(ControlPanelModel, AFailureShowsTheSourcesOwnMessageAndFreesGenerate)
{
	Status status;
	status.state = State::Failed;
	status.error = ErrorCode::BadToken;
	status.progress = 0.3;
	const PanelProgress p = panel_progress(status_to_json(status, "The token was refused"));
	EXPECT_TRUE(p.failed);
	EXPECT_FALSE(p.busy);
	EXPECT_EQ(p.message, "The token was refused");
	EXPECT_EQ(p.percent, 0);
	status.state = State::Canceled;
	EXPECT_EQ(panel_progress(status_to_json(status, "")).stage_key, "Dock.Stage.Canceled");
	EXPECT_EQ(panel_progress(nlohmann::json::object()).stage_key, "Dock.Stage.Idle");
	EXPECT_EQ(panel_progress(nlohmann::json("garbage")).stage_key, "Dock.Stage.Idle");
}

TEST(ControlPanelModel, SpendLineHasTheLastClipAndTheSessionTotal)
{
	EXPECT_FALSE(panel_spend({{"predict_time", nullptr}, {"session_clips", 0}}).has_value());
	auto spend = panel_spend({{"predict_time", 41.5}, {"session_predict_time", 83.0}, {"session_clips", 2}});
	ASSERT_TRUE(spend.has_value());
	EXPECT_DOUBLE_EQ(spend->last_predict_time_s, 41.5);
	EXPECT_DOUBLE_EQ(spend->session_predict_time_s, 83.0);
	EXPECT_EQ(spend->session_clips, 2);
	// A clip from disk cost nothing: the session total is still shown, without a "last" time.
	spend = panel_spend({{"predict_time", nullptr}, {"session_predict_time", 83.0}, {"session_clips", 2}});
	ASSERT_TRUE(spend.has_value());
	EXPECT_LT(spend->last_predict_time_s, 0);
}

TEST(SessionSpend, CountsEachPredictionOnceAndSumsItsBilledTime)
{
	SessionSpend spend;
	spend.add("p1", 40.0);
	spend.add("p1", 40.0); // the same final status reported twice
	spend.add("p2", 2.5);
	spend.add("", -1); // a Cog server: no id, no time
	const SpendTotals totals = spend.totals();
	EXPECT_EQ(totals.clips, 3);
	EXPECT_DOUBLE_EQ(totals.predict_time_s, 42.5);
}

TEST(ControlPanelModel, ClipsKeepTheirOrderAndThePlayingMarkAndSkipBadEntries)
{
	const nlohmann::json answer = {
		{"ok", true},
		{"clips",
		 {{{"path", "/c/new.mp4"}, {"prompt", "b"}, {"seed", 7}, {"playing", false}},
		  {{"path", ""}, {"prompt", "no path"}},
		  42,
		  {{"path", "/c/old.mp4"}, {"prompt", "a"}, {"label", "a (1)"}, {"playing", true}}}}};
	const std::vector<PanelClip> clips = panel_clips(answer);
	ASSERT_EQ(clips.size(), 2u);
	EXPECT_EQ(clips[0].path, "/c/new.mp4");
	EXPECT_FALSE(clips[0].playing);
	EXPECT_EQ(clips[0].label, "b");
	EXPECT_EQ(clips[1].label, "a (1)");
	EXPECT_TRUE(clips[1].playing);
	EXPECT_EQ(last_clip_seed(clips), std::optional<int64_t>(7));
	EXPECT_FALSE(last_clip_seed({}).has_value());
	EXPECT_TRUE(panel_clips({{"ok", false}}).empty());
}

TEST(ControlPanelModel, SetlistMarksTheNextEntryOnlyWhenAModeIsOn)
{
	const nlohmann::json show = {{"prompt_list_mode", "sequential"}, {"prompt_next", 1}, {"prompt_index", 0}};
	PanelSetlist list = panel_setlist(show, {"a", "b", "c"});
	EXPECT_EQ(list.next, 1);
	EXPECT_EQ(list.current, 0);
	list = panel_setlist({{"prompt_list_mode", "off"}, {"prompt_next", 1}}, {"a", "b"});
	EXPECT_EQ(list.next, -1);
	// An index past the list (edited meanwhile) marks nothing rather than a wrong entry.
	list = panel_setlist({{"prompt_list_mode", "shuffle"}, {"prompt_next", 5}, {"prompt_index", -1}}, {"a"});
	EXPECT_EQ(list.next, -1);
	EXPECT_EQ(list.current, -1);
	EXPECT_EQ(list.mode, "shuffle");
}

TEST(ControlPanelModel, ClockRunsDuringAGenerationAndFreezesAtItsEnd)
{
	GenerationClock clock;
	EXPECT_EQ(clock.elapsed_s(100), 0);
	clock.observe(true, 100);
	clock.observe(true, 105); // a later status of the same generation does not restart it
	EXPECT_DOUBLE_EQ(clock.elapsed_s(112), 12);
	clock.observe(false, 130);
	EXPECT_DOUBLE_EQ(clock.elapsed_s(500), 30);
	clock.observe(true, 600);
	EXPECT_DOUBLE_EQ(clock.elapsed_s(601), 1);
}

TEST(ControlPanelModel, DurationsReadAsAPersonWritesThem)
{
	EXPECT_EQ(format_seconds(4.25), "4.2 s");
	EXPECT_EQ(format_seconds(59.94), "59.9 s");
	EXPECT_EQ(format_seconds(187), "3:07");
	EXPECT_EQ(format_seconds(3723), "1:02:03");
	EXPECT_EQ(format_seconds(-3), "0.0 s");
}

} // namespace
} // namespace adiff
