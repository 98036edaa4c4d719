// The JSON that scripts and obs-websocket clients read: one generation status and the clip history.
// The same shapes are returned by the get_status proc, the get_status / list_clips vendor requests and
// carried by the Generation* events, so a client parses one format everywhere.
#pragma once

#include "core/clips/clip_store.hpp"
#include "core/status/status.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace adiff {

// {state, progress (0-1), message, seed, prediction_id, clip_path, predict_time, error, detail, step, steps,
// download (0-1, -1 unknown), frame, frames (decoding)}
// `message` is the localised status line (made by the caller with format_status). seed is null before
// one is chosen, predict_time null when unknown, error is "none" unless the state is failed/canceled.
nlohmann::json status_to_json(const Status &status, const std::string &message);

// [{path, created (unix seconds), seed, prompt, label}], newest first.
nlohmann::json history_to_json(const std::vector<ClipRecord> &records);

// A vendor-request / proc response: {"ok": true} or {"ok": false, "error": message, "code": id}.
nlohmann::json ok_response();
nlohmann::json error_response(const std::string &message, const std::string &code);

} // namespace adiff
