// The exact JSON body each backend takes, built from validated parameters with a resolved seed.
#pragma once

#include "core/config/backend_config.hpp"
#include "core/config/model_params.hpp"

#include <nlohmann/json.hpp>

namespace adiff {

nlohmann::json input_json(const ModelParams &resolved);

// Replicate: {"version": ..., "input": {...}}; Cog: {"input": {...}}.
nlohmann::json request_body(const BackendConfig &backend, const ModelParams &resolved);

// Stable hex digest of everything that determines the output (backend kind, base URL, version, input);
// never the token. Used to name clip files and to serve a repeated fixed-seed request from disk.
std::string request_hash(const BackendConfig &backend, const ModelParams &resolved);

} // namespace adiff
