// The show-control vendor requests of obs-websocket (vendor "animatediff"), each with
// requestData.inputName naming the source:
//   setlist_next, setlist_previous, setlist_set {index}, set_prompt_list {prompts},
//   next_clip, previous_clip, play_clip {path | index}
// `prompts` may be an array of strings, of {"value": ...} objects, or a string holding a JSON array
// (obs-websocket hands requests over as obs_data, which keeps only objects inside arrays).
#pragma once

#include <obs.h>

#include <nlohmann/json.hpp>

#include <functional>

namespace adiff {

class LiveTarget;

// websocket_vendor's lookup: runs `action` on the AnimateDiff source named by requestData.inputName, or
// answers why it cannot (missing name, unknown input, another kind of input).
using WithSourceFn = nlohmann::json (*)(obs_data_t *request, const std::function<nlohmann::json(LiveTarget &)> &action);

// Registers every request above with obs-websocket (control/obs_websocket_api). False if any was refused.
bool register_show_requests(proc_handler_t *ph, void *vendor, WithSourceFn with_source);

} // namespace adiff
