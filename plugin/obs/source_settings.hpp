// Reading the source's settings into core types. Values arrive from the panel, hand-edited scene files
// and obs-websocket alike, so nothing here trusts them: numbers are read wide and validated by the core.
#pragma once

#include "clip_player.hpp"
#include "core/backend_config.hpp"
#include "core/model_params.hpp"

#include <obs-data.h>

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

void set_source_defaults(obs_data_t *settings);

ModelParams read_model_params(obs_data_t *settings);
// Backend kind, base URL and version; the token is looked up separately (never from settings).
// Returns false (and names the key in *bad_key) when `backend` holds an unknown value.
bool read_backend(obs_data_t *settings, BackendConfig *out, std::string *bad_key);
PlaybackOptions read_playback(obs_data_t *settings);

// Overlay model inputs given as JSON-like obs_data (e.g. obs-websocket "overrides") onto `params`.
// Unknown keys are reported in *unknown_key (first one) and the function returns false.
bool apply_overrides(obs_data_t *overrides, ModelParams *params, std::string *unknown_key);

// The value of an array setting (e.g. clip_history) as JSON; an empty array when absent or malformed.
nlohmann::json json_array_setting(obs_data_t *settings, const char *key);

} // namespace adiff
