// The JSON answers of the scripting procs and the obs-websocket vendor requests (same JSON everywhere,
// see core/status/status_json.hpp), and the reading of a raw overrides object.
#pragma once

#include "obs/control/live_target.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

nlohmann::json live_status_json(const LiveTarget &source);
nlohmann::json live_trigger_json(const TriggerResult &result);
// Parses the raw text of an overrides object into *overrides. Returns null when it is a JSON object,
// else the invalid_setting error response naming "overrides" (invalid JSON, not an object).
nlohmann::json parse_overrides_text(const std::string &text, nlohmann::json *overrides);

} // namespace adiff
