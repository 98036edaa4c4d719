#include "core/generation/cog_backend.hpp"

#include "core/config/request_body.hpp"
#include "core/generation/api_call.hpp"
#include "core/generation/api_errors.hpp"
#include "core/generation/output_download.hpp"
#include "core/generation/prediction_outcome.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace adiff {
namespace {

CallPlan cog_call(GenerationJob &job)
{
	CallPlan call;
	call.kind = CallKind::Create;
	call.what = "cog";
	// A Cog server has no remote cancel: the user's Cancel stops waiting for the synchronous answer.
	call.flag = &job.cancel_flag();
	call.carries_output = true;
	HttpRequest &request = call.request;
	request.method = "POST";
	request.url = job.base_url() + "/predictions";
	request.headers = job.api_headers(true); // Authorization only when the user set a token
	request.body = request_body(job.request().backend, job.request().params).dump();
	request.fresh_connection = true; // never resent by libcurl: the server runs what it receives
	// Synchronous: the answer comes when the video is done, so the whole generation budget applies
	// and a silent socket is normal; the output comes inline as base64 (4/3 of the file + JSON).
	request.limits = job.api_limits(job.remaining_ms());
	request.limits.low_speed_time_s = std::max(30, job.config().max_generation_s);
	request.limits.max_response_bytes = job.config().max_output_bytes / 3 * 4 + (1u << 20);
	call.limits = [&job](HttpLimits &limits) {
		limits.total_timeout_ms = std::max(1L, job.remaining_ms());
	};
	return call;
}

// The one answer, final: the prediction with its output inline. false after job.fail.
bool predict(GenerationJob &job, Prediction *p)
{
	CallPlan call = cog_call(job);
	HttpResponse response;
	if (!send_call(job, call, &response))
		return false;
	if (!is_success(response.status))
		return job.fail(map_api_error(response.status, response.body, response.headers, ApiCall::Create,
					      (long long)std::time(nullptr)));
	std::string why;
	if (!parse_prediction(response.body, p, &why))
		return job.fail(ErrorCode::BadResponse, why, int(response.status));
	show_prediction(job, *p, false);
	return true;
}

} // namespace

void run_cog(GenerationJob &job)
{
	job.set_progress(0.0);
	job.enter(State::Submitting);
	job.set_progress(0.1);
	job.enter(State::Processing);

	Prediction p;
	if (!predict(job, &p) || !accept_final_prediction(job, p, !p.output_url.empty()))
		return;
	DownloadedClip clip;
	if (!download_output(job, p.output_url, &clip))
		return;
	if (!commit_clip(job, clip))
		std::remove(clip.temp_path.c_str());
}

} // namespace adiff
