#include "core/generation/replicate_backend.hpp"

#include "core/generation/api_call.hpp"
#include "core/generation/api_errors.hpp"
#include "core/generation/cold_start.hpp"
#include "core/generation/create_endpoint.hpp"
#include "core/generation/output_download.hpp"
#include "core/generation/prediction_outcome.hpp"
#include "core/generation/prediction_ref.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace adiff {
namespace {

void note_prediction_ref(GenerationJob &job, const PredictionRef &ref)
{
	job.note_prediction_id(ref.id);
	job.note_remote_urls(ref.get_url, ref.cancel_url);
}

// The create's url and body come from choose_create_endpoint (a version, a model's latest, a deployment).
// No `Prefer: wait`: a held create would keep the prediction's id from the client for seconds, and a
// prediction whose id is unknown cannot be canceled (removal, quitting OBS). The create answers at once
// with the id; progress comes from polling.
CallPlan create_call(GenerationJob &job, HttpRequest endpoint)
{
	CallPlan call;
	call.kind = CallKind::Create;
	call.what = "create";
	HttpRequest &request = call.request;
	request = std::move(endpoint);
	request.method = "POST";
	request.headers = job.api_headers(true);
	// If this client vanishes mid-way (OBS killed, create abandoned at shutdown), the server stops the
	// prediction by itself at the generation deadline instead of billing it to the end.
	request.headers.emplace_back("Cancel-After", std::to_string(std::max(5, job.config().max_generation_s)) + "s");
	// On a reused keep-alive connection that died meanwhile, libcurl would resend the POST by itself:
	// one press, two billed predictions. A fresh connection, closed afterwards, is never resent.
	request.fresh_connection = true;
	// An answer over the size cap still names the prediction in its first bytes: kept, to cancel it.
	request.keep_refused_prefix = true;
	call.limits = [&job](HttpLimits &limits) {
		limits = job.api_limits(30000);
	};
	// Whatever bytes of the answer came (cut off, over the cap): the prediction they name is canceled
	// when the job gives up.
	call.salvage = [&job](const HttpResponse &partial) {
		note_prediction_ref(job, prediction_ref_in(partial.body));
	};
	return call;
}

// *sent_at: when the create went out (after any model lookup), where the prediction's `starting` begins.
bool create_prediction(GenerationJob &job, Prediction *out, ColdStartWatch::Clock::time_point *sent_at)
{
	HttpRequest endpoint;
	if (!choose_create_endpoint(job, &endpoint)) // nothing may be created: a bad name or a failed lookup
		return false;
	CallPlan call = create_call(job, std::move(endpoint));
	*sent_at = ColdStartWatch::Clock::now();
	HttpResponse response;
	if (!send_call(job, call, &response)) {
		if (call.may_have_created)
			job.note_unknown_prediction("no readable answer to the create");
		return false;
	}
	if (!is_success(response.status))
		return job.fail(
			refine_create_error(job, map_api_error(response.status, response.body, response.headers,
							       ApiCall::Create, (long long)std::time(nullptr))));
	// A 2xx create answer carries the prediction; an unreadable one is the server's fault (never resent:
	// it may have created the prediction, which is canceled by its id when the answer names one).
	std::string why;
	if (parse_prediction(response.body, out, &why))
		return true;
	note_prediction_ref(job, prediction_ref_in(response.body));
	job.note_unknown_prediction("an unreadable answer to the create: " + why);
	return job.fail(ErrorCode::BadResponse, why, int(response.status));
}

bool poll_prediction(GenerationJob &job, Prediction *out)
{
	CallPlan call;
	call.kind = CallKind::Read;
	call.what = "poll " + job.prediction_id();
	call.request.method = "GET";
	call.request.url = job.poll_url();
	call.request.headers = job.api_headers(false);
	call.limits = [&job](HttpLimits &limits) {
		limits = job.api_limits(30000);
	};
	call.readable = [out](const HttpResponse &response, std::string *why) {
		return parse_prediction(response.body, out, why);
	};
	HttpResponse response;
	if (!send_call(job, call, &response))
		return false;
	if (!is_success(response.status))
		return job.fail(map_api_error(response.status, response.body, response.headers, ApiCall::Poll,
					      (long long)std::time(nullptr)));
	return true; // `readable` parsed it into *out
}

// The status from the prediction, then the state it shows.
void apply_prediction(GenerationJob &job, const Prediction &p)
{
	show_prediction(job, p, true);
	if (p.status == PredictionStatus::Starting) {
		job.set_progress(0.05);
		job.enter(State::Starting);
	} else if (p.status == PredictionStatus::Processing || p.status == PredictionStatus::Succeeded) {
		job.set_progress(0.1);
		job.enter(State::Processing);
	}
	job.publish();
}

bool output_may_be_fetched(const Prediction &p, const DownloadedClip &clip)
{
	return clip.temp_path.empty() && !p.output_url.empty() && p.status != PredictionStatus::Failed &&
	       p.status != PredictionStatus::Canceled && p.status != PredictionStatus::Aborted;
}

// Polls until the prediction is final, fetching the output the moment it exists. false after job.fail.
bool follow_prediction(GenerationJob &job, Prediction &p, const ColdStartWatch &cold_start, DownloadedClip *clip)
{
	for (;;) {
		if (cold_start.update(p.status == PredictionStatus::Starting))
			job.show_cold_start();
		// Outputs are deleted an hour after the prediction: fetch the file the moment it exists,
		// even while the prediction still says "processing".
		if (output_may_be_fetched(p, *clip) && !download_output(job, p.output_url, clip))
			return false;
		if (is_final(p.status))
			return true;
		if (!job.can_poll())
			return job.fail(ErrorCode::BadResponse, "the prediction has no id to poll");
		if (!job.sleep_ms(job.config().poll_interval_ms) || !poll_prediction(job, &p)) {
			if (!job.failed())
				job.fail_interrupted();
			return false;
		}
		apply_prediction(job, p);
	}
}

} // namespace

void run_replicate(GenerationJob &job)
{
	job.set_progress(0.0);
	job.enter(State::Submitting);
	Prediction p;
	ColdStartWatch::Clock::time_point sent_at;
	if (!create_prediction(job, &p, &sent_at))
		return;
	job.set_progress(0.05);
	apply_prediction(job, p);
	job.log(LogLevel::Info, "generation %.12s: created prediction %s", job.hash().c_str(),
		job.prediction_id().c_str());

	DownloadedClip clip;
	const bool ok = follow_prediction(job, p, ColdStartWatch(sent_at), &clip) &&
			accept_final_prediction(job, p, !clip.temp_path.empty()) && commit_clip(job, clip);
	if (!ok && !clip.temp_path.empty())
		std::remove(clip.temp_path.c_str());
}

void cancel_replicate_prediction(GenerationJob &job, long timeout_ms, const CancelFlag &stop)
{
	if (job.prediction_id().empty())
		return;
	HttpRequest request;
	request.method = "POST";
	request.url = job.cancel_url();
	request.headers = job.api_headers(false);
	request.limits.total_timeout_ms = std::max(1L, timeout_ms);
	request.limits.connect_timeout_ms = std::max(1L, timeout_ms);
	HttpResult result = job.send(request, stop);
	job.log(LogLevel::Info, "remote cancel of %s: %s http=%ld", job.prediction_id().c_str(),
		result.ok() ? "sent" : transport_error_id(result.error), result.response.status);
}

} // namespace adiff
