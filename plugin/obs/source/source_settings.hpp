// Reading the source's settings into core types. Values arrive from the panel, hand-edited scene files
// and obs-websocket alike, so nothing here trusts them: numbers are read wide and validated by the core.
#pragma once

#include "core/config/backend_config.hpp"
#include "core/config/model_overrides.hpp"
#include "core/config/model_params.hpp"
#include "core/media/playback_options.hpp"
#include "core/status/status.hpp"

#include <obs-data.h>

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

void set_source_defaults(obs_data_t *settings);

// The model inputs of the settings, read strictly (core/model_overrides): `steps` saved as 20.7 or as a
// string in a scene file is refused with the field named, not truncated or read as 0.
bool read_model_params(obs_data_t *settings, ModelParams *out, JsonFieldError *error);
// Backend kind, base URL and version; the token is looked up separately (never from settings).
// Returns false (and names the key in *bad_key) when `backend` holds an unknown value.
bool read_backend(obs_data_t *settings, BackendConfig *out, std::string *bad_key);
PlaybackOptions read_playback(obs_data_t *settings);

// Everything a trigger checks before a generation may start, in the order a user fixes them: settings
// and overrides (named field), the API base URL (never echoed: it may hold a password), the model
// version, the values' ranges, the prompt, and the token (REPLICATE_API_TOKEN only for Replicate's own
// origin). `overrides` is the raw JSON of a script or websocket request, or null.
struct GenerationInputs {
	ModelParams params;
	BackendConfig backend; // token filled in
};
struct InputProblem {
	ErrorCode error = ErrorCode::None;
	std::string detail;
};
InputProblem read_generation_inputs(obs_data_t *settings, const nlohmann::json *overrides, GenerationInputs *out);

// The value of an array setting (e.g. clip_history) as JSON; an empty array when absent or malformed.
nlohmann::json json_array_setting(obs_data_t *settings, const char *key);

} // namespace adiff
