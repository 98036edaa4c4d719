// The show-control vendor requests of obs-websocket (vendor "animatediff"), each with
// requestData.inputName naming the source:
//   setlist_next, setlist_previous, setlist_set {index}, set_prompt_list {prompts},
//   next_clip, previous_clip, play_clip {path | index}
// `prompts` may be an array of strings, of {"value": ...} objects, or a string holding a JSON array
// (obs-websocket hands requests over as obs_data, which keeps only objects inside arrays).
#pragma once

#include <obs.h>

namespace adiff {

using VendorRequestFn = void (*)(obs_data_t *request, obs_data_t *response, void *priv);
using RegisterRequestFn = bool (*)(proc_handler_t *ph, void *vendor, const char *type, VendorRequestFn callback);

// Registers every request above through `reg` (websocket_vendor's own registration). False if any failed.
bool register_show_requests(proc_handler_t *ph, void *vendor, RegisterRequestFn reg);

} // namespace adiff
