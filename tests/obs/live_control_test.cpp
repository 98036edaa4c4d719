// Live-show control through libobs: hotkeys, procs, signals, the rate guard and auto-refresh, against
// the in-process fake Replicate on 127.0.0.1.
#include "obs/live_control_fixture.hpp"

namespace adiff::test {
namespace {

TEST_F(LiveControlTest, GenerateHotkeyStartsOneGenerationAndCancelHotkeyCancelsIt)
{
	start_fake(10000, false); // long enough to cancel in the middle
	create_source();
	press_hotkey("AnimateDiff.Generate");
	ASSERT_TRUE(fake_->wait_until([&] { return fake_->creates() == 1; }, 10s)) << "no create reached the API";
	press_hotkey("AnimateDiff.Generate"); // a second press while running is refused as busy
	press_hotkey("AnimateDiff.Cancel");
	ASSERT_TRUE(wait_state("canceled", 10s)) << get_status().dump();
	EXPECT_EQ(fake_->creates(), 1);
	// The create answered with the id at once, so the prediction it made is canceled on the server.
	const std::string id = fake_->prediction_ids().at(0);
	EXPECT_TRUE(fake_->wait_until([&] { return fake_->cancels_of(id) == 1; }, 5s));
}

TEST_F(LiveControlTest, ProcsGenerateGetStatusAndCancel)
{
	start_fake(10000, false);
	create_source();
	const json idle = get_status();
	EXPECT_EQ(idle.value("state", ""), "idle") << idle.dump();
	EXPECT_TRUE(idle.value("ok", false));

	const ProcAnswer answer = call_generate();
	ASSERT_TRUE(answer.called);
	EXPECT_TRUE(answer.ok) << answer.error;
	ASSERT_TRUE(fake_->wait_until([&] { return fake_->creates() == 1; }, 10s));
	const json running = get_status();
	EXPECT_NE(running.value("state", ""), "idle") << running.dump();
	EXPECT_TRUE(running["seed"].is_number_integer()) << running.dump();
	// The answer already names the seed picked for this generation (seed 0 = random in the panel).
	EXPECT_GT(answer.body.value("seed", int64_t(0)), 0) << answer.body.dump();
	EXPECT_EQ(answer.body.value("seed", int64_t(0)), running.value("seed", int64_t(-1)));
	EXPECT_GE(running.value("progress", -1.0), 0.0);
	EXPECT_LT(running.value("progress", 2.0), 1.0);
	EXPECT_FALSE(running.value("message", "").empty());

	call_cancel();
	ASSERT_TRUE(wait_state("canceled", 10s)) << get_status().dump();
	EXPECT_EQ(get_status().value("error", ""), "canceled");
	EXPECT_EQ(fake_->creates(), 1);
}

TEST_F(LiveControlTest, ProcGenerateRejectsABadOverrideNamingTheFieldAndSendsNothing)
{
	start_fake(100, false);
	create_source();
	const ProcAnswer answer = call_generate(R"({"steps": 500})");
	EXPECT_FALSE(answer.ok);
	EXPECT_NE(answer.error.find("steps"), std::string::npos) << answer.error;
	EXPECT_EQ(answer.body.value("code", ""), "invalid_setting") << answer.body.dump();
	EXPECT_NE(answer.body.value("detail", "").find("steps"), std::string::npos) << answer.body.dump();

	const ProcAnswer not_json = call_generate("{steps:");
	EXPECT_FALSE(not_json.ok);
	EXPECT_FALSE(not_json.error.empty());
	const ProcAnswer unknown = call_generate(R"({"width": 1024})");
	EXPECT_FALSE(unknown.ok);
	EXPECT_NE(unknown.error.find("width"), std::string::npos) << unknown.error;
	// A chat command with nothing after it ("!loop ") must not buy a clip of nothing in particular.
	const ProcAnswer blank = call_generate(R"({"prompt": "   "})");
	EXPECT_FALSE(blank.ok);
	EXPECT_EQ(blank.body.value("code", ""), "empty_prompt") << blank.body.dump();
	EXPECT_EQ(fake_->creates(), 0) << "an invalid request must never reach the API";
}

TEST_F(LiveControlTest, SignalsArriveInOrderWithTheClipPathAndSeed)
{
	start_fake(1500);
	create_source();
	SignalRecorder recorder(source_.get());
	ASSERT_TRUE(call_generate(R"({"prompt": "a red fox in snow", "seed": 4242})").ok);
	ASSERT_TRUE(wait_until([&] { return recorder.has("finished") || recorder.has("failed"); }, 30s));

	const std::vector<SignalEvent> events = recorder.events();
	ASSERT_GE(events.size(), 2u);
	EXPECT_EQ(events.front().name, "started");
	EXPECT_EQ(events.back().name, "finished") << events.back().text;
	int progress = 0;
	for (size_t i = 1; i + 1 < events.size(); i++) {
		EXPECT_EQ(events[i].name, "progress") << "only progress between started and finished";
		EXPECT_GE(events[i].progress, 0.0);
		EXPECT_LE(events[i].progress, 1.0);
		EXPECT_FALSE(events[i].text.empty());
		if (i >= 2 && events[i - 1].name == "progress") {
			const auto gap = events[i].at - events[i - 1].at;
			EXPECT_GE(gap, 240ms) << "progress signals must be throttled to at most 4 per second";
		}
		progress++;
	}
	EXPECT_GE(progress, 1) << "a 1.5 s generation reports progress";
	EXPECT_EQ(recorder.wrong_source(), 0);

	const SignalEvent &finished = events.back();
	EXPECT_EQ(finished.seed, 4242);
	struct stat st = {};
	EXPECT_EQ(stat(finished.text.c_str(), &st), 0) << "clip_path is not a file: " << finished.text;
	const json status = get_status();
	EXPECT_EQ(status.value("state", ""), "ready");
	EXPECT_EQ(status.value("clip_path", ""), finished.text);
	EXPECT_DOUBLE_EQ(status.value("progress", 0.0), 1.0);
	ASSERT_EQ(fake_->prediction_ids().size(), 1u);
	EXPECT_EQ(status.value("prediction_id", ""), fake_->prediction_ids()[0]);
	EXPECT_EQ(status.value("seed", 0), 4242);

	// The override reached the API (and was not saved into the source's settings).
	const auto creates = fake_->requests_to(Endpoint::Create);
	ASSERT_EQ(creates.size(), 1u);
	const json body = json::parse(creates[0].body);
	EXPECT_EQ(body["input"]["prompt"], "a red fox in snow");
	EXPECT_EQ(body["input"]["seed"], 4242);
	DataPtr settings = source_settings(source_.get());
	EXPECT_STREQ(obs_data_get_string(settings.get(), "prompt"), "neon city at night");
}

TEST_F(LiveControlTest, FailedGenerationSignalsFailedWithTheModelsError)
{
	start_fake(200, false);
	fake_->configure([](FakeOptions &o) { o.outcome = Outcome::Failed; });
	create_source();
	SignalRecorder recorder(source_.get());
	ASSERT_TRUE(call_generate().ok);
	ASSERT_TRUE(wait_until([&] { return recorder.has("failed") || recorder.has("finished"); }, 20s));
	const std::vector<SignalEvent> events = recorder.events();
	EXPECT_EQ(events.front().name, "started");
	ASSERT_EQ(events.back().name, "failed");
	EXPECT_NE(events.back().text.find("CUDA out of memory"), std::string::npos) << events.back().text;
	EXPECT_EQ(get_status().value("error", ""), "prediction_failed");
}

// The dock's spend line reads these: what Replicate bills, summed over this source's clips this session.
TEST_F(LiveControlTest, StatusCarriesTheSessionsBilledPredictTimeAndClipsFromDiskCostNothing)
{
	start_fake(300);
	create_source({{"min_trigger_interval_s", 0}});
	EXPECT_EQ(get_status().value("session_clips", -1), 0);
	const auto generate_until = [&](const char *overrides, const std::function<bool(const json &)> &done) {
		ASSERT_TRUE(call_generate(overrides).ok);
		ASSERT_TRUE(wait_until([&] { return done(get_status()); }, 30s)) << get_status().dump();
	};
	generate_until(R"({"prompt": "a red fox", "seed": 11})",
		       [](const json &s) { return s.value("session_clips", 0) == 1; });
	json status = get_status();
	ASSERT_TRUE(status["predict_time"].is_number()) << status.dump();
	const double first = status["predict_time"].get<double>();
	EXPECT_GT(first, 0);
	EXPECT_DOUBLE_EQ(status.value("session_predict_time", -1.0), first);

	// The same prompt and seed again: the clip comes from disk, nothing is billed or counted.
	generate_until(R"({"prompt": "a red fox", "seed": 11})",
		       [](const json &s) { return s.value("state", "") == "ready" && s.value("from_cache", false); });
	EXPECT_EQ(get_status().value("session_clips", 0), 1);

	generate_until(R"({"prompt": "a grey wolf", "seed": 12})",
		       [](const json &s) { return s.value("session_clips", 0) == 2; });
	status = get_status();
	EXPECT_DOUBLE_EQ(status.value("session_predict_time", -1.0), first + status["predict_time"].get<double>());
	EXPECT_EQ(fake_->creates(), 2);
}

} // namespace
} // namespace adiff::test
