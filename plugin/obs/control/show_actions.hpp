// What the show-control hotkeys and vendor requests do on one source: move the setlist cursor,
// replace the prompt list, step through the clips (never a generation), and the JSON they answer.
#pragma once

#include <obs.h>

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

class LiveTarget;

// {ok, prompt_list_mode, prompt_index, prompt_next, prompt_count, clip_index}
nlohmann::json show_status_json(const LiveTarget &source);

// "next" | "previous" | "set" (with `index`, 0-based). Refused when the setlist is off or empty.
nlohmann::json setlist_move(LiveTarget &source, const std::string &action, long long index = -1);
// Replaces prompt_list (saved in the settings, as a panel edit would). `prompts`: strings or
// {"value": "..."} objects (the editable list's own items).
nlohmann::json set_prompt_list(LiveTarget &source, const nlohmann::json &prompts);

// "next" | "previous" through the history; "play" a clip by `path` or `index` (0 = newest).
nlohmann::json clip_move(LiveTarget &source, const std::string &action, const nlohmann::json &which = {});
// {ok, clips: [...]}: the history, newest first, with "playing": true on the clip on screen.
nlohmann::json list_clips_json(const LiveTarget &source);

void register_show_hotkeys(obs_source_t *source, LiveTarget *target);

} // namespace adiff
