// The deployment setting and the check of model_version / deployment before a trigger: which of
// Replicate's create endpoints a generation uses (see core/generation/create_endpoint.hpp).
#pragma once

#include "core/config/backend_config.hpp"

#include <obs.h>

#include <string>

namespace adiff {

void read_deployment(obs_data_t *settings, BackendConfig *out);
// Empty when the version/deployment pair can be sent, else the detail of an invalid_setting status.
std::string endpoint_problem(const BackendConfig &backend);

void add_deployment_property(obs_properties_t *backend_group);

} // namespace adiff
