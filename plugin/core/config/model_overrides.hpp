// Model inputs read from JSON someone else wrote: a script's overrides_json, an obs-websocket request,
// the source's own settings from a (possibly hand-edited) scene collection. Strict on purpose: a null, a
// wrong type or a non-integral step count is refused and named, never replaced by a default or truncated
// (either would start a billed generation the user did not ask for).
#pragma once

#include "core/config/model_params.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

struct JsonFieldError {
	std::string field;   // the settings key ("steps"), or "overrides" for the whole value
	std::string problem; // English, short: "null", "not a string", "20.7 is not an integer", ...
	std::string detail() const { return field + " (" + problem + ")"; }
};

enum class UnknownKeys {
	Refuse, // overrides: only the seven model inputs are allowed
	Ignore, // settings: every other key of the source is there too
};

// Overlays the model inputs present in `object` onto *params (values are range-checked later by
// validate()). Returns false and fills *error at the first bad field; *params is then unspecified.
bool apply_model_json(const nlohmann::json &object, UnknownKeys unknown, ModelParams *params, JsonFieldError *error);

// The raw text of an overrides object (proc overrides_json, or a websocket "overrides" sent as a string):
// must parse as a JSON object. An empty text means no overrides.
bool apply_model_overrides_text(const std::string &text, ModelParams *params, JsonFieldError *error);

} // namespace adiff
