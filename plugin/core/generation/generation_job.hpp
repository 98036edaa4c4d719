// One generation's working state, shared by the steps of the pipeline (backends, download).
// Lives on the worker thread only; talks to the Generator through the two callbacks.
// Internal to plugin/core.
#pragma once

#include "core/clips/clip_store.hpp"
#include "core/generation/generator.hpp"
#include "core/net/http_client.hpp"

#include <chrono>
#include <functional>
#include <random>
#include <string>

namespace adiff {

struct ApiError;

class GenerationJob {
public:
	using PublishFn = std::function<void(const Status &)>;
	using SleepFn = std::function<bool(int ms)>; // false when woken by cancel

	GenerationJob(const GeneratorConfig &config, const GenerationRequest &request, HttpClient &http,
		      const CancelFlag &cancel, PublishFn publish, SleepFn sleep);

	const GeneratorConfig &config;
	const GenerationRequest &request;
	HttpClient &http;
	const CancelFlag &cancel;
	// Raised only when the Generator is destroyed. The create call watches this one instead of `cancel`:
	// a user's Cancel lets a held create (Prefer: wait) answer, so the prediction id is known and the
	// remote cancel can reach the server; only shutdown abandons it (then Cancel-After stops it).
	const CancelFlag *shutdown = nullptr;
	const ClipStore store;
	const std::string base_url; // normalised: no trailing slash
	const std::string hash;     // request_hash()

	Status status;                                  // the working copy; publish() sends it out
	std::string prediction_id, get_url, cancel_url; // for polling and the remote cancel
	// The last prediction the server showed was final (succeeded, failed, canceled, aborted): giving up
	// from here on leaves nothing running, so no remote cancel is needed.
	bool remote_final = false;
	bool foreign_url_logged = false; // urls.get / urls.cancel pointed off the API origin (logged once)
	std::mt19937 rng;

	// Progress only moves forward (a download during "processing" must not make it jump back).
	void set_progress(double value);
	void enter(State state); // logs the transition and publishes
	void publish();          // sends the status when it changed

	// Failure: the status becomes Failed/Canceled with this error; always returns false.
	bool fail(ErrorCode code, const std::string &detail = {}, int http_status = 0);
	bool fail(const ApiError &error);
	bool fail_transport(const HttpResult &result, const char *what);
	// Woken by cancel or out of time: Canceled or Timeout accordingly. Returns false.
	bool fail_interrupted();
	bool failed() const { return failed_; }

	// Interruptible wait bounded by the generation deadline; false when canceled or out of time.
	bool sleep_ms(int ms);
	long remaining_ms() const;
	// Wait before retry `attempt` (1-based): the server's Retry-After when given, else backoff with
	// jitter. -1 when the server asks for longer than max_retry_after_s.
	int backoff_ms(int attempt, int retry_after_s = 0);
	// Limits for an API call: the given total timeout, never past the generation deadline.
	HttpLimits api_limits(long total_ms) const;
	// Authorization (when a token is set) + JSON content type.
	std::vector<std::pair<std::string, std::string>> api_headers(bool json_body) const;

private:
	PublishFn publish_;
	SleepFn sleep_;
	std::chrono::steady_clock::time_point deadline_;
	bool failed_ = false;
	bool has_published_ = false;
	Status last_published_;
};

} // namespace adiff
