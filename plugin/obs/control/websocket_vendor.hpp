// obs-websocket vendor "animatediff": requests generate / cancel / get_status / list_clips (each with
// inputName) and the events GenerationStarted / GenerationProgress / GenerationFinished /
// GenerationFailed. The calls into obs-websocket go through control/obs_websocket_api.hpp.
#pragma once

#include <obs.h>

#include <nlohmann/json.hpp>

namespace adiff {

class LiveTarget;
// The AnimateDiff source behind an OBS source, or null when it is another kind of input.
using LiveTargetLookup = LiveTarget *(*)(obs_source_t *source);

inline constexpr const char *kWebsocketVendorName = "animatediff";

// From obs_module_post_load. Without obs-websocket the plugin works as before, with one log line.
void websocket_vendor_register(LiveTargetLookup lookup);
// From obs_module_unload: stop emitting events (obs-websocket may already be gone).
void websocket_vendor_forget();
// Emits `type` with `data` to every client subscribed to vendor events; a no-op without obs-websocket.
void websocket_emit_event(const char *type, const nlohmann::json &data);

} // namespace adiff
