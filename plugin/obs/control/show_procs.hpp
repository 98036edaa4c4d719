// The show controls as procs of one AnimateDiff source (obs_source_get_proc_handler), for Lua/Python
// scripts and other plugins; each answers in `json` exactly what the vendor request of the same name
// answers (control/show_requests), through the same control/show_actions:
//   void setlist_next(out string json)
//   void setlist_previous(out string json)
//   void setlist_set(in int index, out string json)
//   void set_prompt_list(in string prompts_json, out string json)   (a JSON array, as text)
//   void next_clip(out string json)
//   void previous_clip(out string json)
//   void play_clip(in string which, out string json)   (an index as text, "0" = newest, or a path)
//   void list_clips(out string json)
#pragma once

#include <obs.h>

namespace adiff {

class LiveTarget;

// Adds the procs above, acting on `target`; called once from register_source_scripting.
void register_show_procs(proc_handler_t *ph, LiveTarget *target);

} // namespace adiff
