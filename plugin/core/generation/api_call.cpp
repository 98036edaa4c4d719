#include "core/generation/api_call.hpp"

#include "core/net/retry_policy.hpp"

#include <ctime>

namespace adiff {
namespace {

int max_retries(const GenerationJob &job, const CallPlan &call)
{
	return call.kind == CallKind::Create ? job.config().max_create_retries : job.config().max_get_retries;
}

// Waits before attempt + 1; false (after job.fail_interrupted) when canceled or out of time meanwhile.
bool wait_before_retry(GenerationJob &job, int wait_ms)
{
	if (job.sleep_ms(wait_ms))
		return true;
	return job.fail_interrupted();
}

// A call that failed in transport: true when it is to be sent again (after the wait), false when given
// up (the job failed).
bool retry_after_transport_error(GenerationJob &job, const CallPlan &call, const HttpResult &result, int attempt)
{
	if (result.error == TransportError::TooLarge && call.carries_output)
		return job.fail(ErrorCode::OutputTooLarge, std::to_string(job.config().max_output_bytes));
	const bool create = call.kind == CallKind::Create;
	// A create that may have reached the server is never resent: it could bill a second prediction.
	const bool may_retry = create ? create_may_resend(result) : read_may_retry(result) && job.remaining_ms() > 0;
	if (!may_retry || attempt > max_retries(job, call))
		return job.fail_transport(result, call.what.c_str());
	job.log(LogLevel::Info, "%s: %s%s, retry %d", call.what.c_str(), transport_error_id(result.error),
		create ? " before sending" : "", attempt);
	return wait_before_retry(job, job.backoff_ms(attempt));
}

// An error status: true when it is to be sent again (after the wait, the server's Retry-After on a 429).
// false: the answer stands (the caller maps it); *failed when the wait was interrupted.
bool retry_after_error_status(GenerationJob &job, const CallPlan &call, const HttpResponse &response, int attempt,
			      bool *failed)
{
	const long status = response.status;
	const bool retryable = call.kind == CallKind::Create ? status == 429 : read_status_retryable(status);
	if (!retryable || attempt > max_retries(job, call))
		return false;
	int retry_after_s = 0;
	const auto header = response.headers.find("retry-after");
	if (status == 429 && header != response.headers.end())
		retry_after_s = parse_retry_after(header->second, (long long)std::time(nullptr));
	const int wait_ms = job.backoff_ms(attempt, retry_after_s);
	if (wait_ms < 0)
		return false; // longer than the user should sit through: the caller reports the wait
	job.log(LogLevel::Info, "%s: HTTP %ld, retry %d in %d ms", call.what.c_str(), status, attempt, wait_ms);
	if (status == 429)
		job.show_retry_wait(wait_ms);
	*failed = !wait_before_retry(job, wait_ms);
	job.show_retry_wait(0);
	return !*failed;
}

// A 2xx Read whose body is unusable (cut short, garbled): asked again like a 503 before giving up.
bool retry_unreadable(GenerationJob &job, const CallPlan &call, const HttpResponse &response, int attempt, bool *failed)
{
	std::string why;
	if (!call.readable || call.readable(response, &why))
		return false;
	if (attempt > max_retries(job, call)) {
		*failed = !job.fail(ErrorCode::BadResponse, why, int(response.status));
		return false;
	}
	job.log(LogLevel::Info, "%s: unreadable answer (%s), retry %d", call.what.c_str(), why.c_str(), attempt);
	*failed = !wait_before_retry(job, job.backoff_ms(attempt));
	return !*failed;
}

} // namespace

bool is_success(long http_status)
{
	return http_status >= 200 && http_status < 300;
}

bool send_call(GenerationJob &job, CallPlan &call, HttpResponse *out)
{
	const CancelFlag &flag = call.flag                       ? *call.flag
				 : call.kind == CallKind::Create ? job.create_flag()
								 : job.cancel_flag();
	for (int attempt = 1;; ++attempt) {
		if (call.kind != CallKind::Create && job.remaining_ms() <= 0)
			return job.fail_interrupted();
		if (call.limits)
			call.limits(call.request.limits);
		HttpResult result = job.send(call.request, flag, call.progress);
		call.may_have_created = result.request_sent;
		if (!result.ok()) {
			if (call.salvage && !result.response.body.empty())
				call.salvage(result.response);
			if (retry_after_transport_error(job, call, result, attempt))
				continue;
			return false;
		}
		bool failed = false;
		const bool again = is_success(result.response.status)
					   ? retry_unreadable(job, call, result.response, attempt, &failed)
					   : retry_after_error_status(job, call, result.response, attempt, &failed);
		if (failed)
			return false;
		if (again)
			continue;
		*out = std::move(result.response);
		return true;
	}
}

} // namespace adiff
