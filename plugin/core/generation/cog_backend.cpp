#include "core/generation/cog_backend.hpp"

#include "core/generation/api_errors.hpp"
#include "core/util/log.hpp"
#include "core/generation/log_progress.hpp"
#include "core/generation/output_download.hpp"
#include "core/generation/prediction.hpp"
#include "core/config/request_body.hpp"
#include "core/net/retry_policy.hpp"

#include <ctime>

namespace adiff {

void run_cog(GenerationJob &job)
{
	job.set_progress(0.0);
	job.enter(State::Submitting);

	HttpRequest request;
	request.method = "POST";
	request.url = job.base_url + "/predictions";
	request.headers = job.api_headers(true); // Authorization only when the user set a token
	request.body = request_body(job.request.backend, job.request.params).dump();
	request.fresh_connection = true; // never resent by libcurl: the server runs what it receives
	// Synchronous: the answer comes when the video is done, so the whole generation budget applies
	// and a silent socket is normal; the output comes inline as base64 (4/3 of the file + JSON).
	request.limits = job.api_limits(job.remaining_ms());
	request.limits.low_speed_time_s = std::max(30, job.config.max_generation_s);
	request.limits.max_response_bytes = job.config.max_output_bytes / 3 * 4 + (1u << 20);

	job.set_progress(0.1);
	job.enter(State::Processing);
	HttpResult result;
	for (int attempt = 1;; ++attempt) {
		request.limits.total_timeout_ms = std::max(1L, job.remaining_ms());
		result = job.http.perform(request, job.cancel);
		if (create_may_resend(result) && attempt <= job.config.max_create_retries) {
			if (!job.sleep_ms(job.backoff_ms(attempt))) {
				job.fail_interrupted();
				return;
			}
			continue;
		}
		break;
	}
	if (!result.ok()) {
		if (result.error == TransportError::TooLarge)
			job.fail(ErrorCode::OutputTooLarge, std::to_string(job.config.max_output_bytes));
		else
			job.fail_transport(result, "cog");
		return;
	}
	const long status = result.response.status;
	if (status < 200 || status >= 300) {
		job.fail(map_api_error(status, result.response.body, result.response.headers, ApiCall::Create,
				       (long long) std::time(nullptr)));
		return;
	}
	Prediction p;
	std::string why;
	if (!parse_prediction(result.response.body, &p, &why)) {
		job.fail(ErrorCode::BadResponse, why, int(status));
		return;
	}
	job.prediction_id = p.id;
	job.status.prediction_id = p.id;
	if (p.predict_time >= 0)
		job.status.predict_time = p.predict_time;
	LogProgress progress = scan_logs(p.logs, job.request.params.steps);
	if (progress.logged_seed >= 0)
		job.status.seed_confirmed = progress.logged_seed == job.request.params.seed;

	switch (p.status) {
	case PredictionStatus::Succeeded:
		break;
	case PredictionStatus::Failed:
		job.fail(ErrorCode::PredictionFailed, p.error);
		return;
	case PredictionStatus::Canceled:
		job.fail(ErrorCode::Canceled);
		return;
	case PredictionStatus::Aborted:
		job.fail(ErrorCode::Canceled, "aborted");
		return;
	default:
		job.fail(ErrorCode::BadResponse, "the Cog server answered before the prediction ended");
		return;
	}
	if (p.output_url.empty()) {
		job.fail(ErrorCode::OutputMissing);
		return;
	}
	DownloadedClip clip;
	if (!download_output(job, p.output_url, &clip))
		return;
	if (!commit_clip(job, clip))
		std::remove(clip.temp_path.c_str());
}

} // namespace adiff
