// Shared pieces of the generation tests: a Generator config tuned for fast tests, a request aimed at a
// FakeReplicate, and a recorder of every Status the Generator reports (with bounded waits, no sleeps).
// Header-only: the fake library itself does not depend on adiff_core.
#pragma once

#include "core/generation/generator.hpp"
#include "fake_replicate/fake_replicate.hpp"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace adiff::test {

inline constexpr const char *kTestVersion =
	"lucataco/animate-diff:beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f";

// Poll and back off in milliseconds so a test takes tenths of a second, not minutes.
inline GeneratorConfig fast_config(const std::string &clip_dir)
{
	GeneratorConfig config;
	config.clip_dir = clip_dir;
	config.poll_interval_ms = 20;
	config.backoff_base_ms = 10;
	config.backoff_cap_ms = 40;
	config.max_generation_s = 20;
	config.max_retry_after_s = 2;
	return config;
}

inline ModelParams test_params(int64_t seed = 1234567)
{
	ModelParams params;
	params.prompt = "neon city at night, rain, reflections";
	params.n_prompt = "blurry, lowres";
	params.path = "lyriel_v16.safetensors";
	params.motion_module = "mm_sd_v15_v2";
	params.steps = 12;
	params.guidance_scale = 6.5;
	params.seed = seed;
	return params;
}

inline GenerationRequest replicate_request(const FakeReplicate &fake, int64_t seed = 1234567)
{
	GenerationRequest request;
	request.backend.backend = Backend::Replicate;
	request.backend.api_base_url = fake.base_url();
	request.backend.model_version = kTestVersion;
	request.backend.token = fake.options().token;
	request.params = test_params(seed);
	request.seed_was_random = true;
	return request;
}

inline GenerationRequest cog_request(const FakeReplicate &fake, int64_t seed = 1234567)
{
	GenerationRequest request;
	request.backend.backend = Backend::Cog;
	request.backend.api_base_url = fake.origin();
	request.params = test_params(seed);
	return request;
}

// Every status the Generator reported, in order.
class StatusLog {
public:
	Generator::StatusFn sink()
	{
		return [this](const Status &status) {
			std::lock_guard<std::mutex> lock(mutex_);
			seen_.push_back(status);
			changed_.notify_all();
		};
	}

	std::vector<Status> seen() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return seen_;
	}

	// The first reported status matching `predicate`, waiting at most `timeout`.
	std::optional<Status> wait_for(const std::function<bool(const Status &)> &predicate,
				       std::chrono::milliseconds timeout) const
	{
		std::unique_lock<std::mutex> lock(mutex_);
		std::optional<Status> found;
		changed_.wait_for(lock, timeout, [&] {
			for (const auto &s : seen_)
				if (predicate(s)) {
					found = s;
					return true;
				}
			return false;
		});
		return found;
	}

	std::optional<Status> wait_final(std::chrono::milliseconds timeout = std::chrono::seconds(15)) const
	{
		return wait_for([](const Status &s) { return is_final(s.state); }, timeout);
	}

	std::optional<Status> wait_state(State state,
					 std::chrono::milliseconds timeout = std::chrono::seconds(10)) const
	{
		return wait_for([state](const Status &s) { return s.state == state; }, timeout);
	}

private:
	mutable std::mutex mutex_;
	mutable std::condition_variable changed_;
	std::vector<Status> seen_;
};

// Runs one generation on its own Generator and returns its final status (nullopt: it did not start, or did
// not end within `timeout`); every status on the way stays in `log`. The Generator is gone on return.
inline std::optional<Status> run_generation(const GenerationRequest &request, const GeneratorConfig &config,
					    StatusLog &log,
					    std::chrono::milliseconds timeout = std::chrono::seconds(15))
{
	Generator generator(config, log.sink());
	if (generator.start(request) != Generator::StartResult::Started)
		return std::nullopt;
	return log.wait_final(timeout);
}

inline double seconds_since(std::chrono::steady_clock::time_point start)
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace adiff::test
