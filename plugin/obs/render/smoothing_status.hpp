// What the user is told about smoothing: the note under the status when motion smoothing could not run
// as asked, and the fields get_status reports.
#pragma once

#include "obs/render/clip_player.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

// The localised note for a Smoothed event: reduced rate, or blending instead of motion (over budget);
// "" when nothing needs saying.
std::string smoothing_note(const ClipLoadEvent &event);
// {"smoothing": "motion", "smoothed": true, "smooth_fps": 30, "smooth_reduced": false}
nlohmann::json smoothing_json(const SmoothingState &state);
// The same for a Smoothed event, as the state will be once its frames are up (a frame or two later), with
// "smooth_cached" (loaded from the clip's companion file) and "clip_path".
nlohmann::json smoothed_event_json(const ClipLoadEvent &event);

} // namespace adiff
