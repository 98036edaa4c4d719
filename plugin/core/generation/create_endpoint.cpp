#include "core/generation/create_endpoint.hpp"

#include "core/config/model_reference.hpp"
#include "core/config/request_body.hpp"
#include "core/generation/api_errors.hpp"
#include "core/generation/generation_job.hpp"
#include "core/generation/model_version_lookup.hpp"

namespace adiff {
namespace {

// The version id to send for an `owner/name` setting: from the session cache, else looked up.
bool resolve_latest(GenerationJob &job, const std::string &model, std::string *version)
{
	ModelVersionCache *cache = job.request().version_cache.get();
	std::optional<std::string> known = cache ? cache->find(job.base_url(), model) : std::nullopt;
	std::string id;
	if (known) {
		id = *known;
	} else {
		if (!lookup_latest_version(job, model, &id))
			return false;
		if (cache)
			cache->store(job.base_url(), model, id);
		job.log(LogLevel::Info, "model %s: latest version %s", model.c_str(), id.c_str());
	}
	*version = model + ":" + id;
	return true;
}

} // namespace

bool choose_create_endpoint(GenerationJob &job, HttpRequest *out)
{
	const BackendConfig &backend = job.request().backend;
	if (!backend.deployment.empty()) {
		if (!model_name_valid(backend.deployment))
			return job.fail(ErrorCode::InvalidSetting, std::string("deployment (") + kDeploymentForm + ")");
		out->url = job.base_url() + "/deployments/" + backend.deployment + "/predictions";
		// A deployment runs the one version its owner set: the body names none.
		out->body = nlohmann::json({{"input", input_json(job.request().params)}}).dump();
		return true;
	}
	BackendConfig sent = backend;
	switch (version_form(backend.model_version)) {
	case VersionForm::Pinned:
		break;
	case VersionForm::Latest:
		if (!resolve_latest(job, backend.model_version, &sent.model_version))
			return false;
		job.show_resolved_version(sent.model_version);
		break;
	case VersionForm::Invalid:
		return job.fail(ErrorCode::InvalidSetting, std::string("model_version (") + kModelReferenceForms + ")");
	}
	out->url = job.base_url() + "/predictions";
	out->body = request_body(sent, job.request().params).dump();
	return true;
}

ApiError refine_create_error(const GenerationJob &job, ApiError error)
{
	if (!job.request().backend.deployment.empty() && error.http_status == 404) {
		error.code = ErrorCode::UnknownDeployment;
		error.detail = job.request().backend.deployment;
	}
	return error;
}

} // namespace adiff
