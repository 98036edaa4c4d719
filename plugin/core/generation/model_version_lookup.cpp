#include "core/generation/model_version_lookup.hpp"

#include "core/config/model_params.hpp"
#include "core/generation/api_errors.hpp"
#include "core/generation/api_call.hpp"
#include "core/generation/generation_job.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace adiff {
namespace {

// latest_version.id when it is a real version id; empty otherwise.
std::string latest_id(const std::string &body)
{
	const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
	if (!j.is_object() || !j.contains("latest_version") || !j["latest_version"].is_object())
		return {};
	const nlohmann::json &latest = j["latest_version"];
	if (!latest.contains("id") || !latest["id"].is_string())
		return {};
	const std::string id = latest["id"].get<std::string>();
	return model_version_valid(id) && id.find(':') == std::string::npos ? id : std::string();
}

bool answer(GenerationJob &job, const std::string &model, const HttpResponse &response, std::string *version_id)
{
	const long status = response.status;
	if (is_success(status)) {
		*version_id = latest_id(response.body);
		if (!version_id->empty())
			return true;
		return job.fail(ErrorCode::UnknownModel, model + ": no latest_version.id", int(status));
	}
	if (status == 404)
		return job.fail(ErrorCode::UnknownModel, model, 404);
	return job.fail(
		map_api_error(status, response.body, response.headers, ApiCall::Poll, (long long)std::time(nullptr)));
}

} // namespace

std::optional<std::string> ModelVersionCache::find(const std::string &base_url, const std::string &model) const
{
	std::lock_guard<std::mutex> lock(mutex_);
	auto it = versions_.find(base_url + "\n" + model);
	if (it == versions_.end())
		return std::nullopt;
	return it->second;
}

void ModelVersionCache::store(const std::string &base_url, const std::string &model, const std::string &version_id)
{
	std::lock_guard<std::mutex> lock(mutex_);
	versions_[base_url + "\n" + model] = version_id;
}

bool lookup_latest_version(GenerationJob &job, const std::string &model, std::string *version_id)
{
	CallPlan call;
	call.kind = CallKind::Read; // a read: retried like a poll, never a create
	call.what = "model lookup " + model;
	call.request.method = "GET";
	// Same API base as every other call: the token goes only to the origin it was saved for.
	call.request.url = job.base_url() + "/models/" + model;
	call.request.headers = job.api_headers(false);
	call.limits = [&job](HttpLimits &limits) {
		limits = job.api_limits(30000);
	};
	HttpResponse response;
	if (!send_call(job, call, &response))
		return false;
	return answer(job, model, response, version_id);
}

} // namespace adiff
