#include "obs/source/endpoint_settings.hpp"

#include "core/config/model_reference.hpp"
#include "obs/util/settings_keys.hpp"

#include <obs-module.h>

namespace adiff {

void read_deployment(obs_data_t *settings, BackendConfig *out)
{
	std::string deployment = obs_data_get_string(settings, keys::kDeployment);
	// Spaces around a pasted name are not part of it.
	const size_t first = deployment.find_first_not_of(" \t\r\n");
	const size_t last = deployment.find_last_not_of(" \t\r\n");
	out->deployment = first == std::string::npos ? std::string() : deployment.substr(first, last - first + 1);
}

std::string endpoint_problem(const BackendConfig &backend)
{
	if (backend.backend != Backend::Replicate)
		return {};
	if (!backend.deployment.empty())
		return model_name_valid(backend.deployment)
			       ? std::string()
			       : std::string(keys::kDeployment) + " (" + kDeploymentForm + ")";
	if (version_form(backend.model_version) == VersionForm::Invalid)
		return std::string("model_version (") + kModelReferenceForms + ")";
	return {};
}

void add_deployment_property(obs_properties_t *backend_group)
{
	obs_property_t *p = obs_properties_add_text(backend_group, keys::kDeployment, obs_module_text("Deployment"),
						    OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, obs_module_text("Deployment.Description"));
	// The one line on the panel itself: why a show would want a deployment.
	p = obs_properties_add_text(backend_group, "deployment_info", obs_module_text("Deployment.Info"),
				    OBS_TEXT_INFO);
	obs_property_text_set_info_word_wrap(p, true);
}

} // namespace adiff
