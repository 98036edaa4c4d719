// The fixture of the live-control tests: a real libobs, the in-process fake Replicate on 127.0.0.1, and
// helpers that drive one source through its procs, hotkeys and signals.
#pragma once

#include "fake_replicate/fake_replicate.hpp"
#include "obs/hotkey_press.hpp"
#include "obs/source_procs.hpp"
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

	json get_status() { return source_status(source_.get()); }

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
	void press_hotkey(const char *name) { press_source_hotkey(name); }

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

} // namespace adiff::test
