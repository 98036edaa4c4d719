#include "core/generation/generation_job.hpp"

#include "core/generation/api_errors.hpp"
#include "core/util/log.hpp"
#include "core/config/request_body.hpp"
#include "core/net/retry_policy.hpp"
#include "core/config/token_store.hpp"

#include <algorithm>
#include <tuple>

namespace adiff {
namespace {

bool same_status(const Status &a, const Status &b)
{
	auto key = [](const Status &s) {
		return std::tie(s.state, s.error, s.detail, s.http_status, s.retry_after_s, s.step, s.steps, s.frame,
				s.frames, s.download, s.progress, s.seed, s.seed_confirmed, s.prediction_id,
				s.predict_time, s.clip_path, s.from_cache, s.resolved_version, s.cold_start);
	};
	return key(a) == key(b);
}

} // namespace

GenerationJob::GenerationJob(const GeneratorConfig &config_, const GenerationRequest &request_, HttpClient &http_,
			     const CancelFlag &cancel_, PublishFn publish, SleepFn sleep)
    : config(config_), request(request_), http(http_), cancel(cancel_), store(config_.clip_dir),
      base_url(normalize_base_url(request_.backend.api_base_url)),
      hash(request_hash(request_.backend, request_.params)), rng(std::random_device{}()), publish_(std::move(publish)),
      sleep_(std::move(sleep)),
      deadline_(std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1, config_.max_generation_s)))
{
	status.seed = request.params.seed;
}

void GenerationJob::set_progress(double value)
{
	status.progress = std::max(status.progress, std::min(1.0, std::max(0.0, value)));
}

void GenerationJob::enter(State state)
{
	if (status.state != state)
		log_line(LogLevel::Info, "generation %.12s: %s%s%s", hash.c_str(), state_id(state),
			 prediction_id.empty() ? "" : " id ", prediction_id.c_str());
	status.state = state;
	publish();
}

void GenerationJob::publish()
{
	if (has_published_ && same_status(status, last_published_))
		return;
	has_published_ = true;
	last_published_ = status;
	if (publish_)
		publish_(status);
}

bool GenerationJob::fail(ErrorCode code, const std::string &detail, int http_status)
{
	failed_ = true;
	status.state = code == ErrorCode::Canceled ? State::Canceled : State::Failed;
	status.error = code;
	// Server text could in theory echo what it was sent; the token never leaves this object.
	status.detail = request.backend.token.empty() ? detail : redact(detail, request.backend.token);
	status.http_status = http_status;
	status.download = -1;
	log_line(code == ErrorCode::Canceled ? LogLevel::Info : LogLevel::Warning,
		 "generation %.12s: %s error=%s http=%d id=%s detail=%s", hash.c_str(), state_id(status.state),
		 error_id(code), http_status, prediction_id.c_str(), status.detail.c_str());
	return false;
}

bool GenerationJob::fail(const ApiError &error)
{
	status.retry_after_s = error.retry_after_s;
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
	if (cancel.canceled())
		return fail(ErrorCode::Canceled);
	return fail(ErrorCode::Timeout,
		    "the generation took longer than " + std::to_string(config.max_generation_s) + " s");
}

long GenerationJob::remaining_ms() const
{
	auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - std::chrono::steady_clock::now());
	return long(std::max<int64_t>(0, left.count()));
}

bool GenerationJob::sleep_ms(int ms)
{
	if (cancel.canceled())
		return false;
	long bounded = std::min<long>(ms, remaining_ms());
	if (bounded <= 0)
		return false;
	if (!sleep_(int(bounded)))
		return false;
	return !cancel.canceled() && remaining_ms() > 0;
}

int GenerationJob::backoff_ms(int attempt, int retry_after_s)
{
	BackoffSettings settings;
	settings.base_ms = config.backoff_base_ms;
	settings.cap_ms = config.backoff_cap_ms;
	settings.max_retry_after_s = config.max_retry_after_s;
	return retry_wait_ms(attempt, retry_after_s, settings, rng);
}

HttpLimits GenerationJob::api_limits(long total_ms) const
{
	HttpLimits limits;
	limits.total_timeout_ms = std::max(1L, std::min(total_ms, remaining_ms()));
	limits.connect_timeout_ms = std::min(std::max(1L, config.connect_timeout_ms), limits.total_timeout_ms);
	return limits;
}

std::vector<std::pair<std::string, std::string>> GenerationJob::api_headers(bool json_body) const
{
	std::vector<std::pair<std::string, std::string>> headers;
	if (!request.backend.token.empty())
		headers.emplace_back("Authorization", "Bearer " + request.backend.token);
	if (json_body)
		headers.emplace_back("Content-Type", "application/json");
	headers.emplace_back("Accept", "application/json");
	return headers;
}

} // namespace adiff
