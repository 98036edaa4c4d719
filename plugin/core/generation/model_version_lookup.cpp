#include "core/generation/model_version_lookup.hpp"

#include "core/config/model_params.hpp"
#include "core/generation/api_errors.hpp"
#include "core/generation/generation_job.hpp"
#include "core/util/log.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace adiff {
namespace {

bool retryable(const HttpResult &result)
{
	if (!result.ok())
		return result.error == TransportError::Dns || result.error == TransportError::Connect ||
		       result.error == TransportError::Reset || result.error == TransportError::Timeout;
	const long s = result.response.status;
	return s == 429 || s == 502 || s == 503 || s == 504;
}

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

bool answer(GenerationJob &job, const std::string &model, const HttpResult &result, std::string *version_id)
{
	const long status = result.response.status;
	if (status >= 200 && status < 300) {
		*version_id = latest_id(result.response.body);
		if (!version_id->empty())
			return true;
		return job.fail(ErrorCode::UnknownModel, model + ": no latest_version.id", int(status));
	}
	if (status == 404)
		return job.fail(ErrorCode::UnknownModel, model, 404);
	return job.fail(map_api_error(status, result.response.body, result.response.headers, ApiCall::Poll,
				      (long long) std::time(nullptr)));
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
	HttpRequest request;
	request.method = "GET";
	// Same API base as every other call: the token goes only to the origin it was saved for.
	request.url = job.base_url + "/models/" + model;
	request.headers = job.api_headers(false);
	for (int attempt = 1;; ++attempt) {
		request.limits = job.api_limits(30000);
		HttpResult result = job.http.perform(request, job.cancel);
		if (retryable(result) && attempt <= job.config.max_get_retries && job.remaining_ms() > 0) {
			int retry_after = -1;
			if (result.ok())
				retry_after = map_api_error(result.response.status, result.response.body,
							    result.response.headers, ApiCall::Poll,
							    (long long) std::time(nullptr))
						      .retry_after_header_s;
			const int wait_ms = job.backoff_ms(attempt, retry_after > 0 ? retry_after : 0);
			log_line(LogLevel::Info, "model lookup %s: retry %d", model.c_str(), attempt);
			if (wait_ms < 0 || !job.sleep_ms(wait_ms))
				return wait_ms < 0 ? answer(job, model, result, version_id) : job.fail_interrupted();
			continue;
		}
		if (!result.ok())
			return job.fail_transport(result, "model lookup");
		return answer(job, model, result, version_id);
	}
}

} // namespace adiff
