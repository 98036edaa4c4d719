// Status as data -> one line of text, through locale templates with {placeholders}.
#include "core/status/status.hpp"
#include "core/util/text_template.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace adiff {
namespace {

struct ErrorInfo {
	ErrorCode code;
	const char *id;  // for JSON, logs and get_status: a public contract, never renamed
	const char *key; // locale template
};

// The one table of error codes, in the enum's order.
constexpr ErrorInfo kErrors[] = {
	{ErrorCode::None, "none", "Error.None"},
	{ErrorCode::NoToken, "no_token", "Error.NoToken"},
	{ErrorCode::BadToken, "bad_token", "Error.BadToken"},
	{ErrorCode::Billing, "billing", "Error.Billing"},
	{ErrorCode::BadVersion, "bad_version", "Error.BadVersion"},
	{ErrorCode::InvalidInput, "invalid_input", "Error.InvalidInput"},
	{ErrorCode::InvalidSetting, "invalid_setting", "Error.InvalidSetting"},
	{ErrorCode::EmptyPrompt, "empty_prompt", "Error.EmptyPrompt"},
	{ErrorCode::Throttled, "throttled", "Error.Throttled"},
	{ErrorCode::ServerError, "server_error", "Error.ServerError"},
	{ErrorCode::Busy, "busy", "Error.Busy"},
	{ErrorCode::Network, "network", "Error.Network"},
	{ErrorCode::Timeout, "timeout", "Error.Timeout"},
	{ErrorCode::BadUrl, "bad_url", "Error.BadUrl"},
	{ErrorCode::PredictionFailed, "prediction_failed", "Error.PredictionFailed"},
	{ErrorCode::Canceled, "canceled", "Error.Canceled"},
	{ErrorCode::OutputMissing, "output_missing", "Error.OutputMissing"},
	{ErrorCode::OutputExpired, "output_expired", "Error.OutputExpired"},
	{ErrorCode::NotAVideo, "not_a_video", "Error.NotAVideo"},
	{ErrorCode::OutputTooLarge, "output_too_large", "Error.OutputTooLarge"},
	{ErrorCode::BadResponse, "bad_response", "Error.BadResponse"},
	{ErrorCode::DiskError, "disk_error", "Error.DiskError"},
	{ErrorCode::Internal, "internal", "Error.Internal"},
	{ErrorCode::DamagedVideo, "damaged_video", "Error.DamagedVideo"},
	{ErrorCode::VideoTooLarge, "video_too_large", "Error.VideoTooLarge"},
	{ErrorCode::UnknownModel, "unknown_model", "Error.UnknownModel"},
	{ErrorCode::UnknownDeployment, "unknown_deployment", "Error.UnknownDeployment"},
};
constexpr size_t kErrorCount = sizeof(kErrors) / sizeof(kErrors[0]);
static_assert(kErrors[kErrorCount - 1].code == ErrorCode::UnknownDeployment, "a new ErrorCode needs its row");

constexpr bool table_in_enum_order()
{
	for (size_t i = 0; i < kErrorCount; ++i)
		if (size_t(kErrors[i].code) != i)
			return false;
	return true;
}
static_assert(table_in_enum_order(), "kErrors rows must follow the ErrorCode order");

const ErrorInfo &error_info(ErrorCode error)
{
	const size_t index = size_t(error);
	return index < kErrorCount ? kErrors[index] : kErrors[size_t(ErrorCode::Internal)];
}

// The API base URL refusals of url_policy (detail = their id) have their own text: the detail alone
// ("credentials") would not say what to do.
const char *bad_url_key(const std::string &detail)
{
	if (detail == "credentials")
		return "Error.BadUrlCredentials";
	if (detail == "query")
		return "Error.BadUrlQuery";
	if (detail == "fragment")
		return "Error.BadUrlFragment";
	return nullptr;
}

std::string one_decimal(double value)
{
	char buffer[32];
	std::snprintf(buffer, sizeof(buffer), "%.1f", value);
	return buffer;
}

// The values every status template may use ({seed}, {step}, {percent}, {detail}, ...).
TemplateArgs status_args(const Status &s, const Translate &tr)
{
	std::map<std::string, std::string> v;
	v["seed"] = std::to_string(s.seed);
	v["step"] = std::to_string(s.step);
	v["steps"] = std::to_string(s.steps);
	v["frame"] = std::to_string(s.frame);
	v["frames"] = std::to_string(s.frames);
	v["percent"] = std::to_string(int(std::lround(std::max(0.0, std::min(1.0, s.download)) * 100)));
	v["time"] = one_decimal(s.predict_time);
	v["id"] = s.prediction_id;
	v["status"] = std::to_string(s.http_status);
	v["seconds"] = std::to_string(s.retry_after_s);
	v["detail"] = s.detail.empty() ? tr("Status.NoDetail") : s.detail;
	return TemplateArgs(v.begin(), v.end());
}

const char *canceled_key(const Status &s)
{
	return s.detail == "aborted" ? "Error.Aborted" : "Error.Canceled";
}

const char *processing_key(const Status &s)
{
	if (s.frames > 0)
		return "Status.DecodingFrames";
	return s.steps > 0 ? "Status.ProcessingStep" : "Status.Processing";
}

// Ready says as much as is known: from disk, or with the prediction's id and/or its time.
const char *ready_key(const Status &s)
{
	if (s.from_cache)
		return "Status.ReadyCached";
	if (s.predict_time >= 0 && !s.prediction_id.empty())
		return "Status.Ready";
	if (!s.prediction_id.empty())
		return "Status.ReadyWithId";
	return s.predict_time >= 0 ? "Status.ReadyWithTime" : "Status.ReadySeedOnly";
}

const char *failed_key(const Status &s)
{
	if (s.error == ErrorCode::Canceled)
		return canceled_key(s);
	if (s.error == ErrorCode::Throttled && s.retry_after_s <= 0)
		return "Error.ThrottledNoWait";
	if (s.error == ErrorCode::ServerError && s.http_status <= 0)
		return "Error.ServerErrorNoStatus";
	if (s.error == ErrorCode::NoToken && !s.detail.empty())
		return "Error.NoTokenForServer"; // detail = the server that needs its own saved token
	if (s.error == ErrorCode::BadUrl && bad_url_key(s.detail))
		return bad_url_key(s.detail);
	return error_info(s.error).key;
}

const char *status_key(const Status &s)
{
	switch (s.state) {
	case State::Idle:
		return "Status.Idle";
	case State::Submitting:
		return "Status.Submitting";
	case State::Starting:
		return s.cold_start ? "Status.ColdStart" : "Status.Starting";
	case State::Processing:
		return processing_key(s);
	case State::Downloading:
		return s.download >= 0 ? "Status.DownloadingPercent" : "Status.Downloading";
	case State::Ready:
		return ready_key(s);
	case State::Canceled:
		return canceled_key(s);
	case State::Failed:
		return failed_key(s);
	}
	return "Status.Idle";
}

} // namespace

bool is_final(State state)
{
	return state == State::Ready || state == State::Failed || state == State::Canceled;
}

const char *state_id(State state)
{
	switch (state) {
	case State::Idle:
		return "idle";
	case State::Submitting:
		return "submitting";
	case State::Starting:
		return "starting";
	case State::Processing:
		return "processing";
	case State::Downloading:
		return "downloading";
	case State::Ready:
		return "ready";
	case State::Failed:
		return "failed";
	case State::Canceled:
		return "canceled";
	}
	return "idle";
}

const char *error_id(ErrorCode error)
{
	return error_info(error).id;
}

std::string format_status(const Status &s, const Translate &tr)
{
	std::string line = format_template(tr(status_key(s)), status_args(s, tr));
	if (s.prediction_may_run)
		line += " · " + format_template(tr(s.dashboard_url.empty() ? "Status.PredictionMayRun"
									   : "Status.PredictionMayRunAt"),
						TemplateArgs{{"url", s.dashboard_url}});
	return line;
}

} // namespace adiff
