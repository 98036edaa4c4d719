// Status as data -> one line of text, through locale templates with {placeholders}.
#include "core/status/status.hpp"
#include "core/status/text_template.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace adiff {
namespace {

struct ErrorInfo {
	const char *id;  // for JSON and logs
	const char *key; // locale template
};

ErrorInfo error_info(ErrorCode error)
{
	switch (error) {
	case ErrorCode::None:
		return {"none", "Error.None"};
	case ErrorCode::NoToken:
		return {"no_token", "Error.NoToken"};
	case ErrorCode::BadToken:
		return {"bad_token", "Error.BadToken"};
	case ErrorCode::Billing:
		return {"billing", "Error.Billing"};
	case ErrorCode::BadVersion:
		return {"bad_version", "Error.BadVersion"};
	case ErrorCode::InvalidInput:
		return {"invalid_input", "Error.InvalidInput"};
	case ErrorCode::InvalidSetting:
		return {"invalid_setting", "Error.InvalidSetting"};
	case ErrorCode::EmptyPrompt:
		return {"empty_prompt", "Error.EmptyPrompt"};
	case ErrorCode::Throttled:
		return {"throttled", "Error.Throttled"};
	case ErrorCode::ServerError:
		return {"server_error", "Error.ServerError"};
	case ErrorCode::Busy:
		return {"busy", "Error.Busy"};
	case ErrorCode::Network:
		return {"network", "Error.Network"};
	case ErrorCode::Timeout:
		return {"timeout", "Error.Timeout"};
	case ErrorCode::BadUrl:
		return {"bad_url", "Error.BadUrl"};
	case ErrorCode::PredictionFailed:
		return {"prediction_failed", "Error.PredictionFailed"};
	case ErrorCode::Canceled:
		return {"canceled", "Error.Canceled"};
	case ErrorCode::OutputMissing:
		return {"output_missing", "Error.OutputMissing"};
	case ErrorCode::OutputExpired:
		return {"output_expired", "Error.OutputExpired"};
	case ErrorCode::NotAVideo:
		return {"not_a_video", "Error.NotAVideo"};
	case ErrorCode::OutputTooLarge:
		return {"output_too_large", "Error.OutputTooLarge"};
	case ErrorCode::UnknownModel: // setlist hook
		return {"unknown_model", "Error.UnknownModel"};
	case ErrorCode::UnknownDeployment: // setlist hook
		return {"unknown_deployment", "Error.UnknownDeployment"};
	case ErrorCode::BadResponse:
		return {"bad_response", "Error.BadResponse"};
	case ErrorCode::DiskError:
		return {"disk_error", "Error.DiskError"};
	case ErrorCode::Internal:
		return {"internal", "Error.Internal"};
	case ErrorCode::DamagedVideo:
		return {"damaged_video", "Error.DamagedVideo"};
	case ErrorCode::VideoTooLarge:
		return {"video_too_large", "Error.VideoTooLarge"};
	}
	return {"internal", "Error.Internal"};
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

	const char *key = "Status.Idle";
	switch (s.state) {
	case State::Idle:
		key = "Status.Idle";
		break;
	case State::Submitting:
		key = "Status.Submitting";
		break;
	case State::Starting:
		key = s.cold_start ? "Status.ColdStart" : "Status.Starting"; // setlist hook
		break;
	case State::Processing:
		if (s.frames > 0)
			key = "Status.DecodingFrames";
		else if (s.steps > 0)
			key = "Status.ProcessingStep";
		else
			key = "Status.Processing";
		break;
	case State::Downloading:
		key = s.download >= 0 ? "Status.DownloadingPercent" : "Status.Downloading";
		break;
	case State::Ready:
		if (s.from_cache)
			key = "Status.ReadyCached";
		else if (s.predict_time >= 0 && !s.prediction_id.empty())
			key = "Status.Ready";
		else if (!s.prediction_id.empty())
			key = "Status.ReadyWithId";
		else if (s.predict_time >= 0)
			key = "Status.ReadyWithTime";
		else
			key = "Status.ReadySeedOnly";
		break;
	case State::Canceled:
		key = s.detail == "aborted" ? "Error.Aborted" : "Error.Canceled";
		break;
	case State::Failed:
		if (s.error == ErrorCode::Canceled)
			key = s.detail == "aborted" ? "Error.Aborted" : "Error.Canceled";
		else if (s.error == ErrorCode::Throttled && s.retry_after_s <= 0)
			key = "Error.ThrottledNoWait";
		else if (s.error == ErrorCode::ServerError && s.http_status <= 0)
			key = "Error.ServerErrorNoStatus";
		else if (s.error == ErrorCode::NoToken && !s.detail.empty())
			key = "Error.NoTokenForServer"; // detail = the server that needs its own saved token
		else if (s.error == ErrorCode::BadUrl && bad_url_key(s.detail))
			key = bad_url_key(s.detail);
		else
			key = error_info(s.error).key;
		break;
	}
	return format_template(tr(key), TemplateArgs(v.begin(), v.end()));
}

} // namespace adiff
