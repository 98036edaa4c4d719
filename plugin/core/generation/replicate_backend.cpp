#include "core/generation/replicate_backend.hpp"

#include "core/generation/api_errors.hpp"
#include "core/generation/cold_start.hpp"      // setlist hook
#include "core/generation/create_endpoint.hpp" // setlist hook
#include "core/util/log.hpp"
#include "core/generation/log_progress.hpp"
#include "core/generation/output_download.hpp"
#include "core/generation/prediction.hpp"
#include "core/config/request_body.hpp"
#include "core/net/retry_policy.hpp"

#include <ctime>

namespace adiff {
namespace {

bool is_retryable_get_status(long status)
{
	return status == 429 || status == 502 || status == 503 || status == 504;
}

bool is_retryable_get_error(const HttpResult &result)
{
	return result.error == TransportError::Dns || result.error == TransportError::Connect ||
	       result.error == TransportError::Reset || result.error == TransportError::Timeout;
}

// A 2xx create answer carries the prediction; an unreadable one is the server's fault (never resent: it
// may have created the prediction, which is canceled by its id when the answer names one).
bool read_prediction(GenerationJob &job, const HttpResponse &response, Prediction *out)
{
	std::string why;
	if (parse_prediction(response.body, out, &why))
		return true;
	job.prediction_id = prediction_id_in(response.body);
	job.status.prediction_id = job.prediction_id;
	return job.fail(ErrorCode::BadResponse, why, int(response.status));
}

bool create_prediction(GenerationJob &job, Prediction *out)
{
	HttpRequest request;
	request.method = "POST";
	if (!choose_create_endpoint(job, &request)) // setlist hook: url and body (version, latest, deployment)
		return false;
	request.headers = job.api_headers(true);
	const int wait_s = std::max(1, std::min(60, job.config.prefer_wait_s));
	request.headers.emplace_back("Prefer", "wait=" + std::to_string(wait_s));
	// If this client vanishes mid-way (OBS killed, create abandoned at shutdown), the server stops the
	// prediction by itself at the generation deadline instead of billing it to the end.
	request.headers.emplace_back("Cancel-After", std::to_string(std::max(5, job.config.max_generation_s)) + "s");
	// On a reused keep-alive connection that died meanwhile, libcurl would resend the POST by itself:
	// one press, two billed predictions. A fresh connection, closed afterwards, is never resent.
	request.fresh_connection = true;
	// The server holds the answer up to wait_s without sending a byte: the timeouts must allow that.
	request.limits = job.api_limits((wait_s + 30) * 1000L);
	request.limits.low_speed_time_s = wait_s + 30;

	for (int attempt = 1;; ++attempt) {
		// Never cut shorter than the server may hold it, even near the generation deadline: a create
		// dropped while held leaves a prediction whose id is never learned, so it cannot be canceled.
		// Past the deadline, the answer's id is canceled at once.
		const long held_ms = (wait_s + 5) * 1000L;
		request.limits.total_timeout_ms =
			std::min((wait_s + 30) * 1000L, std::max(held_ms, job.remaining_ms()));
		HttpResult result = job.http.perform(request, job.shutdown ? *job.shutdown : job.cancel);
		if (!result.ok()) {
			if (create_may_resend(result) && attempt <= job.config.max_create_retries) {
				log_line(LogLevel::Info, "create: %s before sending, retry %d",
					 transport_error_id(result.error), attempt);
				if (!job.sleep_ms(job.backoff_ms(attempt)))
					return job.fail_interrupted();
				continue;
			}
			// A timeout or reset after sending may have created (and billed) a prediction: never resend.
			return job.fail_transport(result, "create");
		}
		const long status = result.response.status;
		if (status >= 200 && status < 300)
			return read_prediction(job, result.response, out);
		ApiError error = refine_create_error(
			job, map_api_error(status, result.response.body, result.response.headers, // setlist hook
					   ApiCall::Create, (long long) std::time(nullptr)));
		if (status == 429 && attempt <= job.config.max_create_retries) {
			// Nothing was created: waiting and sending again is safe.
			int wait_ms = job.backoff_ms(attempt, error.retry_after_header_s);
			if (wait_ms >= 0) {
				log_line(LogLevel::Info, "create: throttled, retry %d in %d ms", attempt, wait_ms);
				job.status.retry_after_s = (wait_ms + 999) / 1000;
				job.publish();
				if (!job.sleep_ms(wait_ms))
					return job.fail_interrupted();
				job.status.retry_after_s = 0;
				continue;
			}
		}
		return job.fail(error);
	}
}

// urls.get / urls.cancel as the server gave them, but only on the API's own origin: the request carries
// the token, and a relay (or anything in the middle) could point them at another host to collect it.
std::string api_url(GenerationJob &job, const std::string &given, const std::string &fallback)
{
	if (given.empty())
		return fallback;
	if (same_origin(given, job.base_url))
		return given;
	if (!job.foreign_url_logged) {
		job.foreign_url_logged = true;
		log_line(LogLevel::Warning, "prediction %s: its urls point off the API origin; using %s instead",
			 job.prediction_id.c_str(), fallback.c_str());
	}
	return fallback;
}

std::string prediction_url(const GenerationJob &job)
{
	return job.base_url + "/predictions/" + job.prediction_id;
}

bool poll_prediction(GenerationJob &job, Prediction *out)
{
	HttpRequest request;
	request.method = "GET";
	request.url = api_url(job, job.get_url, prediction_url(job));
	request.headers = job.api_headers(false);
	for (int attempt = 1;; ++attempt) {
		request.limits = job.api_limits(30000);
		HttpResult result = job.http.perform(request, job.cancel);
		if (!result.ok()) {
			if (is_retryable_get_error(result) && job.remaining_ms() > 0 &&
			    attempt <= job.config.max_get_retries) {
				log_line(LogLevel::Info, "poll %s: %s, retry %d", job.prediction_id.c_str(),
					 transport_error_id(result.error), attempt);
				if (!job.sleep_ms(job.backoff_ms(attempt)))
					return job.fail_interrupted();
				continue;
			}
			return job.fail_transport(result, "poll");
		}
		const long status = result.response.status;
		if (status >= 200 && status < 300) {
			// A GET is idempotent: an unreadable answer (cut short, garbled, an unknown status) is
			// asked again like a 503 before giving up.
			std::string why;
			if (parse_prediction(result.response.body, out, &why))
				return true;
			if (attempt <= job.config.max_get_retries) {
				log_line(LogLevel::Info, "poll %s: unreadable answer (%s), retry %d",
					 job.prediction_id.c_str(), why.c_str(), attempt);
				if (!job.sleep_ms(job.backoff_ms(attempt)))
					return job.fail_interrupted();
				continue;
			}
			return job.fail(ErrorCode::BadResponse, why, int(status));
		}
		ApiError error = map_api_error(status, result.response.body, result.response.headers, ApiCall::Poll,
					       (long long) std::time(nullptr));
		if (is_retryable_get_status(status) && attempt <= job.config.max_get_retries) {
			int wait_ms = job.backoff_ms(attempt, error.retry_after_header_s);
			if (wait_ms >= 0) {
				log_line(LogLevel::Info, "poll %s: HTTP %ld, retry %d in %d ms",
					 job.prediction_id.c_str(), status, attempt, wait_ms);
				if (!job.sleep_ms(wait_ms))
					return job.fail_interrupted();
				continue;
			}
		}
		return job.fail(error);
	}
}

// Status fields from the prediction: state, denoising step, decoded frames, seed, progress.
void apply_prediction(GenerationJob &job, const Prediction &p)
{
	if (!p.id.empty() && job.prediction_id.empty())
		job.prediction_id = p.id;
	if (!p.get_url.empty())
		job.get_url = p.get_url;
	if (!p.cancel_url.empty())
		job.cancel_url = p.cancel_url;
	job.status.prediction_id = job.prediction_id;
	job.remote_final = is_final(p.status);
	if (p.predict_time >= 0)
		job.status.predict_time = p.predict_time;

	LogProgress progress = scan_logs(p.logs, job.request.params.steps);
	if (progress.logged_seed >= 0)
		job.status.seed_confirmed = progress.logged_seed == job.request.params.seed;
	job.status.step = progress.step;
	job.status.steps = progress.steps;
	job.status.frame = progress.frame;
	job.status.frames = progress.frames;
	if (progress.frames > 0)
		job.set_progress(0.8 + 0.1 * double(progress.frame) / progress.frames);
	else if (progress.steps > 0)
		job.set_progress(0.1 + 0.7 * double(progress.step) / progress.steps);

	if (p.status == PredictionStatus::Starting) {
		job.set_progress(0.05);
		job.enter(State::Starting);
	} else if (p.status == PredictionStatus::Processing || p.status == PredictionStatus::Succeeded) {
		job.set_progress(0.1);
		job.enter(State::Processing);
	}
	job.publish();
}

bool finish(GenerationJob &job, const Prediction &p, DownloadedClip *clip)
{
	switch (p.status) {
	case PredictionStatus::Succeeded:
		if (clip->temp_path.empty()) {
			if (p.data_removed)
				return job.fail(ErrorCode::OutputExpired);
			return job.fail(ErrorCode::OutputMissing);
		}
		return commit_clip(job, *clip);
	case PredictionStatus::Failed:
		return job.fail(ErrorCode::PredictionFailed, p.error);
	case PredictionStatus::Canceled:
		return job.fail(ErrorCode::Canceled);
	case PredictionStatus::Aborted:
		return job.fail(ErrorCode::Canceled, "aborted");
	default:
		return job.fail(ErrorCode::Internal, "prediction not final");
	}
}

} // namespace

void run_replicate(GenerationJob &job)
{
	job.set_progress(0.0);
	job.enter(State::Submitting);
	Prediction p;
	if (!create_prediction(job, &p))
		return;
	job.set_progress(0.05);
	apply_prediction(job, p);
	log_line(LogLevel::Info, "generation %.12s: created prediction %s", job.hash.c_str(),
		 job.prediction_id.c_str());

	DownloadedClip clip;
	ColdStartWatch cold; // setlist hook
	for (;;) {
		if (!job.status.cold_start && cold.update(p.status == PredictionStatus::Starting)) {
			job.status.cold_start = true;
			job.publish();
		}
		// Outputs are deleted an hour after the prediction: fetch the file the moment it exists,
		// even while the prediction still says "processing".
		if (clip.temp_path.empty() && !p.output_url.empty() && p.status != PredictionStatus::Failed &&
		    p.status != PredictionStatus::Canceled && p.status != PredictionStatus::Aborted) {
			if (!download_output(job, p.output_url, &clip))
				return;
		}
		if (is_final(p.status))
			break;
		if (job.prediction_id.empty() && !same_origin(job.get_url, job.base_url)) {
			job.fail(ErrorCode::BadResponse, "the prediction has no id to poll");
			break;
		}
		if (!job.sleep_ms(job.config.poll_interval_ms) || !poll_prediction(job, &p)) {
			if (!job.failed())
				job.fail_interrupted();
			break;
		}
		apply_prediction(job, p);
	}
	if (job.failed() || !finish(job, p, &clip)) {
		if (!clip.temp_path.empty())
			std::remove(clip.temp_path.c_str());
		return;
	}
}

void cancel_replicate_prediction(GenerationJob &job, long timeout_ms, const CancelFlag &stop)
{
	if (job.prediction_id.empty())
		return;
	HttpRequest request;
	request.method = "POST";
	request.url = api_url(job, job.cancel_url, prediction_url(job) + "/cancel");
	request.headers = job.api_headers(false);
	request.limits.total_timeout_ms = std::max(1L, timeout_ms);
	request.limits.connect_timeout_ms = std::max(1L, timeout_ms);
	HttpResult result = job.http.perform(request, stop);
	log_line(LogLevel::Info, "remote cancel of %s: %s http=%ld", job.prediction_id.c_str(),
		 result.ok() ? "sent" : transport_error_id(result.error), result.response.status);
}

} // namespace adiff
