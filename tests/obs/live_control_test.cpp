// Live-show control through libobs: hotkeys, procs, signals, the rate guard and auto-refresh, against
// the in-process fake Replicate on 127.0.0.1.
#include "fake_replicate/fake_replicate.hpp"
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <obs.h>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::vector<Rgba> kClipColours = {colour::red, colour::green, colour::blue, colour::yellow};

// One recorded signal: its name, what it carried, and when it came (steady clock).
struct SignalEvent {
	std::string name;
	double progress = -1;
	std::string text; // message or clip_path
	int64_t seed = 0;
	std::chrono::steady_clock::time_point at;
};

class SignalRecorder {
public:
	explicit SignalRecorder(obs_source_t *source) : source_(source)
	{
		signal_handler_t *sh = obs_source_get_signal_handler(source);
		signal_handler_connect(sh, "generation_started", on_started, this);
		signal_handler_connect(sh, "generation_progress", on_progress, this);
		signal_handler_connect(sh, "generation_finished", on_finished, this);
		signal_handler_connect(sh, "generation_failed", on_failed, this);
	}
	~SignalRecorder()
	{
		signal_handler_t *sh = obs_source_get_signal_handler(source_);
		signal_handler_disconnect(sh, "generation_started", on_started, this);
		signal_handler_disconnect(sh, "generation_progress", on_progress, this);
		signal_handler_disconnect(sh, "generation_finished", on_finished, this);
		signal_handler_disconnect(sh, "generation_failed", on_failed, this);
	}

	std::vector<SignalEvent> events() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return events_;
	}
	bool has(const std::string &name) const
	{
		for (const SignalEvent &e : events())
			if (e.name == name)
				return true;
		return false;
	}
	// Every signal must name the source it came from.
	int wrong_source() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return wrong_source_;
	}

private:
	void add(calldata_t *cd, SignalEvent event)
	{
		event.at = std::chrono::steady_clock::now();
		std::lock_guard<std::mutex> lock(mutex_);
		if (calldata_ptr(cd, "source") != source_)
			wrong_source_++;
		events_.push_back(std::move(event));
	}
	static void on_started(void *data, calldata_t *cd)
	{
		static_cast<SignalRecorder *>(data)->add(cd, {"started"});
	}
	static void on_progress(void *data, calldata_t *cd)
	{
		SignalEvent e{"progress"};
		e.progress = calldata_float(cd, "progress");
		e.text = calldata_string(cd, "message") ? calldata_string(cd, "message") : "";
		static_cast<SignalRecorder *>(data)->add(cd, e);
	}
	static void on_finished(void *data, calldata_t *cd)
	{
		SignalEvent e{"finished"};
		e.text = calldata_string(cd, "clip_path") ? calldata_string(cd, "clip_path") : "";
		e.seed = calldata_int(cd, "seed");
		static_cast<SignalRecorder *>(data)->add(cd, e);
	}
	static void on_failed(void *data, calldata_t *cd)
	{
		SignalEvent e{"failed"};
		e.text = calldata_string(cd, "message") ? calldata_string(cd, "message") : "";
		static_cast<SignalRecorder *>(data)->add(cd, e);
	}

	obs_source_t *source_;
	mutable std::mutex mutex_;
	std::vector<SignalEvent> events_;
	int wrong_source_ = 0;
};

struct ProcAnswer {
	bool called = false;
	bool ok = false;
	std::string error;
	json body;
};

class LiveControlTest : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override
	{
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0) << "libobs allocations left after obs_shutdown";
		fake_.reset();
	}

	// A fake serving a real clip of known colours; processing takes `processing_ms`.
	void start_fake(int processing_ms, bool real_clip = true)
	{
		FakeOptions options;
		options.starting_ms = 50;
		options.processing_ms = processing_ms;
		if (real_clip) {
			require_ffmpeg();
			const std::string clip = dir_.file("served.mp4");
			make_colour_clip(clip, kClipColours, 8, 64, 64);
			options.clip = read_file(clip);
		}
		fake_ = std::make_unique<FakeReplicate>(options);
	}

	void create_source(json settings = json::object())
	{
		settings["api_base_url"] = fake_->base_url();
		// A token saved for the fake's address (REPLICATE_API_TOKEN is only for api.replicate.com).
		settings["api_token"] = fake_->options().token;
		settings["prompt"] = "neon city at night";
		if (!settings.contains("min_trigger_interval_s"))
			settings["min_trigger_interval_s"] = 0;
		source_ = create_animatediff(settings.dump());
		ASSERT_TRUE(source_);
	}

	ProcAnswer call_generate(const char *overrides_json = nullptr)
	{
		calldata_t cd;
		calldata_init(&cd);
		if (overrides_json)
			calldata_set_string(&cd, "overrides_json", overrides_json);
		ProcAnswer answer;
		answer.called = proc_handler_call(obs_source_get_proc_handler(source_.get()), "generate", &cd);
		answer.ok = calldata_bool(&cd, "ok");
		answer.error = calldata_string(&cd, "error") ? calldata_string(&cd, "error") : "";
		const char *body = calldata_string(&cd, "json");
		answer.body = json::parse(body ? body : "null", nullptr, false);
		calldata_free(&cd);
		return answer;
	}

	json get_status()
	{
		calldata_t cd;
		calldata_init(&cd);
		EXPECT_TRUE(proc_handler_call(obs_source_get_proc_handler(source_.get()), "get_status", &cd));
		const char *text = calldata_string(&cd, "json");
		json status = json::parse(text ? text : "null", nullptr, false);
		calldata_free(&cd);
		return status;
	}

	void call_cancel()
	{
		calldata_t cd;
		calldata_init(&cd);
		EXPECT_TRUE(proc_handler_call(obs_source_get_proc_handler(source_.get()), "cancel", &cd));
		calldata_free(&cd);
	}

	bool wait_state(const std::string &state, std::chrono::milliseconds timeout = 20s)
	{
		return wait_until([&] { return get_status().value("state", "") == state; }, timeout);
	}

	// Presses (and releases) one of the source's hotkeys through libobs's hotkey API.
	void press_hotkey(const char *name)
	{
		struct Find {
			const char *name;
			obs_hotkey_id id;
			bool found;
		} find = {name, 0, false};
		obs_enum_hotkeys(
			[](void *data, obs_hotkey_id id, obs_hotkey_t *key) {
				auto *f = static_cast<Find *>(data);
				if (obs_hotkey_get_registerer_type(key) == OBS_HOTKEY_REGISTERER_SOURCE &&
				    strcmp(obs_hotkey_get_name(key), f->name) == 0) {
					f->id = id;
					f->found = true;
					return false;
				}
				return true;
			},
			&find);
		ASSERT_TRUE(find.found) << "hotkey " << name << " is not registered";
		obs_hotkey_enable_callback_rerouting(true);
		obs_hotkey_trigger_routed_callback(find.id, true);
		obs_hotkey_trigger_routed_callback(find.id, false);
	}

	// Waits until OBS has rendered `ms` milliseconds of video (a condition on frames, not a sleep).
	static bool wait_video_ms(uint64_t ms)
	{
		const uint64_t start = obs_get_video_frame_time();
		return wait_until([&] { return obs_get_video_frame_time() - start >= ms * 1'000'000; }, 10s);
	}

	ObsEnv env_;
	TempDir dir_;
	std::unique_ptr<FakeReplicate> fake_;
	SourcePtr source_;
};

TEST_F(LiveControlTest, GenerateHotkeyStartsOneGenerationAndCancelHotkeyCancelsIt)
{
	start_fake(10000, false); // long enough to cancel in the middle
	create_source();
	press_hotkey("AnimateDiff.Generate");
	ASSERT_TRUE(fake_->wait_until([&] { return fake_->creates() == 1; }, 10s)) << "no create reached the API";
	press_hotkey("AnimateDiff.Generate"); // a second press while running is refused as busy
	press_hotkey("AnimateDiff.Cancel");
	// The create is still held open by "Prefer: wait"; canceling must not wait for it.
	ASSERT_TRUE(wait_state("canceled", 10s)) << get_status().dump();
	EXPECT_EQ(fake_->creates(), 1);
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
