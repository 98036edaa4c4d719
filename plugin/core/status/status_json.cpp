#include "core/status/status_json.hpp"

#include <algorithm>

namespace adiff {

nlohmann::json status_to_json(const Status &status, const std::string &message)
{
	// A finished clip is 100 % whatever the last progress report said.
	double progress = status.state == State::Ready ? 1.0 : std::clamp(status.progress, 0.0, 1.0);
	nlohmann::json j = {
		{"state", state_id(status.state)},
		{"progress", progress},
		{"message", message},
		{"seed", nullptr},
		{"prediction_id", status.prediction_id},
		{"clip_path", status.clip_path},
		{"predict_time", nullptr},
		{"error", error_id(status.error)},
		{"detail", status.detail},
		{"from_cache", status.from_cache},
		{"resolved_version", status.resolved_version},
		{"cold_start", status.cold_start},
		{"step", status.step},
		{"steps", status.steps},
		{"download", status.download},
		{"frame", status.frame},
		{"frames", status.frames},
	};
	if (status.seed != 0)
		j["seed"] = status.seed;
	if (status.predict_time >= 0)
		j["predict_time"] = status.predict_time;
	return j;
}

nlohmann::json history_to_json(const std::vector<ClipRecord> &records)
{
	nlohmann::json list = nlohmann::json::array();
	for (const ClipRecord &record : records)
		list.push_back({{"path", record.path},
				{"created", record.created_unix},
				{"seed", record.seed},
				{"prompt", record.prompt},
				{"label", record.label()}});
	return list;
}

nlohmann::json ok_response()
{
	return {{"ok", true}};
}

nlohmann::json error_response(const std::string &message, const std::string &code)
{
	return {{"ok", false}, {"error", message}, {"code", code}};
}

} // namespace adiff
