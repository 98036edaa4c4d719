// The fixture of the show-control tests: a real libobs, the in-process fake Replicate on 127.0.0.1
// serving a small clip, one AnimateDiff source, and helpers that generate through its procs.
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

#include <chrono>
#include <memory>
#include <string>
#include <utility>

namespace adiff::test {

using namespace std::chrono_literals;
using nlohmann::json;

class ShowFixture : public ::testing::Test {
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

	json get_status() { return source_status(source_.get()); }

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

	// A source with two clips made (at the fake API): {older, newer}. Empty paths when one failed.
	std::pair<std::string, std::string> source_with_two_clips()
	{
		start_fake();
		create_source(json::object());
		if (generate_and_wait() != "ready")
			return {};
		const std::string older = clip_path();
		if (generate_and_wait() != "ready")
			return {};
		return {older, clip_path()};
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

} // namespace adiff::test
