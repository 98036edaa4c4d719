// The JSON answers of the scripting procs and the obs-websocket vendor requests (same JSON everywhere,
// see core/status/status_json.hpp), and the reading of a raw overrides object.
#pragma once

#include "obs/control/live_target.hpp"

#include <obs.h>

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

nlohmann::json live_status_json(const LiveTarget &source);
nlohmann::json live_trigger_json(const TriggerResult &result);
// Parses the raw text of an overrides object into *overrides. Returns null when it is a JSON object,
// else the invalid_setting error response naming "overrides" (invalid JSON, not an object).
nlohmann::json parse_overrides_text(const std::string &text, nlohmann::json *overrides);

// A request's string value: parsed as JSON, or the text itself when it is not JSON (a plain path).
nlohmann::json json_or_text(const char *text);

// An answer as text for libobs (a proc's calldata, obs_data). Bytes that are not UTF-8 (a path from the
// file system) are replaced instead of throwing: an exception must not cross libobs's C callbacks.
std::string answer_text(const nlohmann::json &response);
// Copies an answer into the response data of an obs-websocket vendor request.
void fill_response(obs_data_t *response_data, const nlohmann::json &response);

} // namespace adiff
