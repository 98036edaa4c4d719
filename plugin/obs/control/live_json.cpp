#include "obs/control/live_json.hpp"

#include "obs/util/plugin_text.hpp"
#include "obs/control/show_actions.hpp"
#include "obs/render/smoothing_status.hpp"
#include "core/status/status_json.hpp"

#include <obs.hpp>

#include <cstdlib>

namespace adiff {

nlohmann::json live_status_json(const LiveTarget &source)
{
	const Status status = source.generation_status();
	nlohmann::json j = ok_response();
	j.update(status_to_json(status, format_status(status, translate)));
	j.update(smoothing_json(source.player().smoothing_state()));
	j.update(show_status_json(source)); // prompt_index/prompt_next/prompt_count, clip_index
	const SpendTotals spend = source.session_spend();
	j["session_predict_time"] = spend.predict_time_s;
	j["session_clips"] = spend.clips;
	return j;
}

nlohmann::json live_trigger_json(const TriggerResult &result)
{
	if (result.started) {
		nlohmann::json j = ok_response();
		j["seed"] = result.seed;
		return j;
	}
	nlohmann::json j = error_response(result.message, error_id(result.error));
	j["detail"] = result.detail;
	if (result.error == ErrorCode::Throttled)
		j["retry_after_s"] = std::atoi(result.detail.c_str());
	return j;
}

nlohmann::json parse_overrides_text(const std::string &text, nlohmann::json *overrides)
{
	*overrides = nlohmann::json::parse(text, nullptr, false);
	if (overrides->is_object())
		return nullptr;
	// Not an object (invalid JSON, null, a list...): refused like a bad field, nothing sent.
	const char *problem = overrides->is_discarded() ? "not valid JSON" : "not a JSON object";
	nlohmann::json j = error_response(T("Live.BadOverrides"), error_id(ErrorCode::InvalidSetting));
	j["detail"] = std::string("overrides (") + problem + ")";
	return j;
}

nlohmann::json json_or_text(const char *text)
{
	nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
	return value.is_discarded() ? nlohmann::json(text) : value;
}

std::string answer_text(const nlohmann::json &response)
{
	return response.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void fill_response(obs_data_t *response_data, const nlohmann::json &response)
{
	OBSDataAutoRelease data = obs_data_create_from_json(answer_text(response).c_str());
	obs_data_apply(response_data, data);
}

} // namespace adiff
