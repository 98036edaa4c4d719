#include "core/generation/generation_job.hpp"

#include "core/config/request_body.hpp"
#include "core/config/token_store.hpp"
#include "core/generation/api_errors.hpp"
#include "core/generation/log_progress.hpp"
#include "core/net/retry_policy.hpp"
#include "core/net/url_policy.hpp"

#include <algorithm>
#include <cstdarg>
#include <tuple>

namespace adiff {
namespace {

// Where a Replicate user sees (and cancels) every prediction of the account.
constexpr const char *kReplicateDashboardUrl = "https://replicate.com/predictions";

bool same_status(const Status &a, const Status &b)
{
	auto key = [](const Status &s) {
		return std::tie(s.state, s.error, s.detail, s.http_status, s.retry_after_s, s.step, s.steps, s.frame,
				s.frames, s.download, s.progress, s.seed, s.seed_confirmed, s.prediction_id,
				s.predict_time, s.clip_path, s.from_cache, s.resolved_version, s.cold_start,
				s.prediction_may_run);
	};
	return key(a) == key(b);
}

} // namespace

GenerationJob::GenerationJob(const GeneratorConfig &config, const GenerationRequest &request, HttpClient &http,
			     const CancelFlag &cancel, const CancelFlag *shutdown, PublishFn publish, SleepFn sleep)
	: config_(config),
	  request_(request),
	  http_(http),
	  cancel_(cancel),
	  shutdown_(shutdown),
	  store_(config.clip_dir),
	  base_url_(normalize_base_url(request.backend.api_base_url)),
	  hash_(request_hash(request.backend, request.params)),
	  publish_(std::move(publish)),
	  sleep_(std::move(sleep)),
	  deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1, config.max_generation_s))),
	  rng_(std::random_device{}())
{
	status_.state = State::Submitting; // the Generator published that at start()
	status_.seed = request.params.seed;
}

void GenerationJob::log(LogLevel level, const char *format, ...) const
{
	va_list args;
	va_start(args, format);
	log_source_vline(level, config_.log_name, format, args);
	va_end(args);
}

HttpResult GenerationJob::send(const HttpRequest &request, const CancelFlag &flag, const ProgressFn &progress)
{
	return http_.perform(request, flag, progress);
}

// ---- the remote prediction -----------------------------------------------------------------------------

void GenerationJob::note_prediction_id(const std::string &id)
{
	if (status_.prediction_id.empty())
		status_.prediction_id = id;
}

void GenerationJob::note_remote_urls(const std::string &get_url, const std::string &cancel_url)
{
	if (!get_url.empty())
		get_url_ = get_url;
	if (!cancel_url.empty())
		cancel_url_ = cancel_url;
}

void GenerationJob::note_unknown_prediction(const std::string &why)
{
	if (!prediction_id().empty() || request_.backend.backend != Backend::Replicate)
		return;
	status_.prediction_may_run = true;
	status_.dashboard_url = is_replicate_api_origin(base_url_) ? kReplicateDashboardUrl : "";
	log(LogLevel::Warning,
	    "generation %.12s: the create may have made a prediction whose id never arrived (%s); "
	    "it cannot be canceled from here%s%s",
	    hash_.c_str(), why.c_str(), status_.dashboard_url.empty() ? "" : ": see ", status_.dashboard_url.c_str());
}

// urls.get / urls.cancel as the server gave them, but only on the API's own origin: the request carries
// the token, and a relay (or anything in the middle) could point them at another host to collect it.
std::string GenerationJob::api_url(const std::string &given, const std::string &fallback)
{
	if (given.empty())
		return fallback;
	if (same_origin(given, base_url_))
		return given;
	if (!foreign_url_logged_) {
		foreign_url_logged_ = true;
		log(LogLevel::Warning, "prediction %s: its urls point off the API origin; using %s instead",
		    prediction_id().c_str(), fallback.c_str());
	}
	return fallback;
}

std::string GenerationJob::poll_url()
{
	return api_url(get_url_, base_url_ + "/predictions/" + prediction_id());
}

std::string GenerationJob::cancel_url()
{
	return api_url(cancel_url_, base_url_ + "/predictions/" + prediction_id() + "/cancel");
}

bool GenerationJob::can_poll() const
{
	return !prediction_id().empty() || same_origin(get_url_, base_url_);
}

// The one rule for every way of giving up once the prediction exists (canceled, out of time, an
// unreadable or oversized answer, a file that is not a video, any other error): unless the server
// already showed it final, cancel it, or it runs on and is billed to the end. Cog has no remote cancel.
bool GenerationJob::needs_remote_cancel() const
{
	return failed_ && !remote_final_ && !prediction_id().empty() && request_.backend.backend == Backend::Replicate;
}

// ---- what the user sees --------------------------------------------------------------------------------

void GenerationJob::set_progress(double value)
{
	status_.progress = std::max(status_.progress, std::min(1.0, std::max(0.0, value)));
}

void GenerationJob::enter(State state)
{
	if (status_.state != state)
		log(LogLevel::Info, "generation %.12s: %s%s%s", hash_.c_str(), state_id(state),
		    prediction_id().empty() ? "" : " id ", prediction_id().c_str());
	status_.state = state;
	publish();
}

void GenerationJob::publish()
{
	if (has_published_ && same_status(status_, last_published_))
		return;
	has_published_ = true;
	last_published_ = status_;
	if (publish_)
		publish_(status_);
}

void GenerationJob::show_predict_time(double seconds)
{
	if (seconds >= 0)
		status_.predict_time = seconds;
}

void GenerationJob::show_resolved_version(const std::string &version)
{
	status_.resolved_version = version;
	publish();
}

void GenerationJob::show_cold_start()
{
	status_.cold_start = true;
	publish();
}

void GenerationJob::show_log_progress(const LogProgress &progress, bool with_bars)
{
	if (progress.logged_seed >= 0)
		status_.seed_confirmed = progress.logged_seed == request_.params.seed;
	if (!with_bars)
		return;
	status_.step = progress.step;
	status_.steps = progress.steps;
	status_.frame = progress.frame;
	status_.frames = progress.frames;
	if (progress.frames > 0)
		set_progress(0.8 + 0.1 * double(progress.frame) / progress.frames);
	else if (progress.steps > 0)
		set_progress(0.1 + 0.7 * double(progress.step) / progress.steps);
}

void GenerationJob::show_retry_wait(int wait_ms)
{
	status_.retry_after_s = (wait_ms + 999) / 1000;
	if (wait_ms > 0)
		publish();
}

void GenerationJob::start_download()
{
	status_.download = 0;
	set_progress(0.9);
	enter(State::Downloading);
}

void GenerationJob::end_download()
{
	status_.download = 1;
	set_progress(0.99);
	publish();
}

void GenerationJob::show_download(double fraction)
{
	status_.download = fraction;
	set_progress(0.9 + 0.1 * fraction);
	publish();
}

void GenerationJob::set_clip(const std::string &path, bool from_cache)
{
	status_.clip_path = path;
	status_.from_cache = from_cache;
}

void GenerationJob::succeed()
{
	if (failed_)
		return;
	status_.state = State::Ready;
	status_.error = ErrorCode::None;
	status_.progress = 1.0;
	log(LogLevel::Info, "generation %.12s: ready id=%s%s", hash_.c_str(), prediction_id().c_str(),
	    status_.from_cache ? " (from disk)" : "");
}

// ---- failure ---------------------------------------------------------------------------------------------

bool GenerationJob::fail(ErrorCode code, const std::string &detail, int http_status)
{
	failed_ = true;
	status_.state = code == ErrorCode::Canceled ? State::Canceled : State::Failed;
	status_.error = code;
	// Server text could in theory echo what it was sent; the token never leaves this object.
	status_.detail = request_.backend.token.empty() ? detail : redact(detail, request_.backend.token);
	status_.http_status = http_status;
	status_.download = -1;
	log(code == ErrorCode::Canceled ? LogLevel::Info : LogLevel::Warning,
	    "generation %.12s: %s error=%s http=%d id=%s detail=%s", hash_.c_str(), state_id(status_.state),
	    error_id(code), http_status, prediction_id().c_str(), status_.detail.c_str());
	return false;
}

bool GenerationJob::fail(const ApiError &error)
{
	status_.retry_after_s = error.retry_after_s;
	return fail(error.code, error.detail, error.http_status);
}

bool GenerationJob::fail_transport(const HttpResult &result, const char *what)
{
	std::string detail = std::string(what) + ": " + result.detail;
	switch (result.error) {
	case TransportError::Canceled:
		return fail_interrupted();
	case TransportError::Timeout:
		if (remaining_ms() <= 0)
			return fail_interrupted();
		return fail(ErrorCode::Timeout, detail);
	case TransportError::SchemeRefused:
		return fail(ErrorCode::BadUrl, result.detail);
	case TransportError::TooLarge:
		return fail(ErrorCode::BadResponse, detail);
	case TransportError::Io:
		return fail(ErrorCode::DiskError, result.detail);
	default:
		return fail(ErrorCode::Network, detail);
	}
}

bool GenerationJob::fail_interrupted()
{
	if (cancel_.canceled())
		return fail(ErrorCode::Canceled);
	return fail(ErrorCode::Timeout,
		    "the generation took longer than " + std::to_string(config_.max_generation_s) + " s");
}

// ---- time ------------------------------------------------------------------------------------------------

long GenerationJob::remaining_ms() const
{
	auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
	return long(std::max<int64_t>(0, left.count()));
}

bool GenerationJob::sleep_ms(int ms)
{
	if (cancel_.canceled())
		return false;
	long bounded = std::min<long>(ms, remaining_ms());
	if (bounded <= 0)
		return false;
	if (!sleep_(int(bounded)))
		return false;
	return !cancel_.canceled() && remaining_ms() > 0;
}

int GenerationJob::backoff_ms(int attempt, int retry_after_s)
{
	BackoffSettings settings;
	settings.base_ms = config_.backoff_base_ms;
	settings.cap_ms = config_.backoff_cap_ms;
	settings.max_retry_after_s = config_.max_retry_after_s;
	return retry_wait_ms(attempt, retry_after_s, settings, rng_);
}

HttpLimits GenerationJob::api_limits(long total_ms) const
{
	HttpLimits limits;
	limits.total_timeout_ms = std::max(1L, std::min(total_ms, remaining_ms()));
	limits.connect_timeout_ms = std::min(std::max(1L, config_.connect_timeout_ms), limits.total_timeout_ms);
	return limits;
}

std::vector<std::pair<std::string, std::string>> GenerationJob::api_headers(bool json_body) const
{
	std::vector<std::pair<std::string, std::string>> headers;
	if (!request_.backend.token.empty())
		headers.emplace_back("Authorization", "Bearer " + request_.backend.token);
	if (json_body)
		headers.emplace_back("Content-Type", "application/json");
	headers.emplace_back("Accept", "application/json");
	return headers;
}

} // namespace adiff
