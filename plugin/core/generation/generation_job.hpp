// One generation's working state, shared by the steps of the pipeline (backends, download): what was
// asked, the prediction as far as the server told it, the status the user sees. Lives on the worker
// thread only; talks to the Generator through the two callbacks.
// Internal to core/generation.
#pragma once

#include "core/clips/clip_store.hpp"
#include "core/generation/generation_request.hpp"
#include "core/net/http_client.hpp"
#include "core/status/status.hpp"
#include "core/util/log.hpp"

#include <chrono>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace adiff {

struct ApiError;
struct LogProgress;

class GenerationJob {
public:
	using PublishFn = std::function<void(const Status &)>;
	using SleepFn = std::function<bool(int ms)>; // false when woken by cancel

	// `shutdown` (may be null) is raised only when the Generator is destroyed; see create_flag().
	GenerationJob(const GeneratorConfig &config, const GenerationRequest &request, HttpClient &http,
		      const CancelFlag &cancel, const CancelFlag *shutdown, PublishFn publish, SleepFn sleep);

	const GeneratorConfig &config() const { return config_; }
	const GenerationRequest &request() const { return request_; }
	const ClipStore &store() const { return store_; }
	const std::string &base_url() const { return base_url_; } // normalised: no trailing slash
	const std::string &hash() const { return hash_; }         // request_hash()
	const Status &status() const { return status_; }

	// ---- the network ----
	HttpResult send(const HttpRequest &request, const CancelFlag &flag, const ProgressFn &progress = {});
	// The user's Cancel (and shutdown): every call but a held create watches it.
	const CancelFlag &cancel_flag() const { return cancel_; }
	// What a create watches: shutdown only. A user's Cancel lets a create in flight answer, so the
	// prediction id is known and the remote cancel can reach the server; only shutdown abandons it
	// (then Cancel-After stops it, and the status says a prediction may still run).
	const CancelFlag &create_flag() const { return shutdown_ ? *shutdown_ : cancel_; }
	// Limits for an API call: the given total timeout, never past the generation deadline.
	HttpLimits api_limits(long total_ms) const;
	// Authorization (when a token is set) + JSON content type.
	std::vector<std::pair<std::string, std::string>> api_headers(bool json_body) const;

	// ---- the remote prediction ----
	const std::string &prediction_id() const { return status_.prediction_id; }
	void note_prediction_id(const std::string &id); // kept from the first answer that names one
	void note_remote_urls(const std::string &get_url, const std::string &cancel_url);
	// The create may have made a prediction whose id never arrived: logged, and shown in the status
	// with where to see it (Replicate's dashboard; nothing for a relay).
	void note_unknown_prediction(const std::string &why);
	// The server showed the prediction final (succeeded, failed, canceled, aborted) or not.
	void note_remote_final(bool final) { remote_final_ = final; }
	// The url to poll / to cancel: the server's urls.get / urls.cancel when on the API's own origin.
	std::string poll_url();
	std::string cancel_url();
	bool can_poll() const;
	// Giving up left a prediction running on the server (billed to the end unless canceled).
	bool needs_remote_cancel() const;

	// ---- what the user sees ----
	void set_progress(double value); // only moves forward
	void enter(State state);         // logs the transition and publishes
	void publish();                  // sends the status when it changed
	void show_predict_time(double seconds);
	void show_resolved_version(const std::string &version); // owner/name:<id> looked up; published
	void show_cold_start();                                 // `starting` past the threshold; published
	void show_log_progress(const LogProgress &progress, bool with_bars);
	void show_retry_wait(int wait_ms);   // published; 0: no longer waiting (shown with the next change)
	void start_download();               // Downloading, 0 %
	void show_download(double fraction); // published
	void end_download();                 // 100 %, progress short of 1.0 (that is for Ready)
	void set_clip(const std::string &path, bool from_cache);
	void succeed(); // Ready, unless failed

	// Failure: the status becomes Failed/Canceled with this error; always returns false.
	bool fail(ErrorCode code, const std::string &detail = {}, int http_status = 0);
	bool fail(const ApiError &error);
	bool fail_transport(const HttpResult &result, const char *what);
	// Woken by cancel or out of time: Canceled or Timeout accordingly. Returns false.
	bool fail_interrupted();
	bool failed() const { return failed_; }

	// ---- time ----
	// Interruptible wait bounded by the generation deadline; false when canceled or out of time.
	bool sleep_ms(int ms);
	long remaining_ms() const;
	// Wait before retry `attempt` (1-based): the server's Retry-After when given, else backoff with
	// jitter. -1 when the server asks for longer than max_retry_after_s.
	int backoff_ms(int attempt, int retry_after_s = 0);

	// A log line about this generation, named after its source.
	void log(LogLevel level, const char *format, ...) const
#if defined(__GNUC__)
		__attribute__((format(printf, 3, 4)))
#endif
		;

private:
	const GeneratorConfig &config_;
	const GenerationRequest &request_;
	HttpClient &http_;
	const CancelFlag &cancel_;
	const CancelFlag *shutdown_;
	const ClipStore store_;
	const std::string base_url_;
	const std::string hash_;
	PublishFn publish_;
	SleepFn sleep_;
	std::chrono::steady_clock::time_point deadline_;
	std::mt19937 rng_;

	Status status_; // the working copy; publish() sends it out
	std::string get_url_, cancel_url_;
	bool remote_final_ = false;
	bool foreign_url_logged_ = false; // urls.get / urls.cancel pointed off the API origin (logged once)
	bool failed_ = false;
	bool has_published_ = false;
	Status last_published_;

	std::string api_url(const std::string &given, const std::string &fallback);
};

} // namespace adiff
