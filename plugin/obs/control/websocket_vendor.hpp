// obs-websocket vendor "animatediff": requests generate / cancel / get_status / list_clips (each with
// inputName) and the events GenerationStarted / GenerationProgress / GenerationFinished /
// GenerationFailed. obs-websocket's header is not packaged in Debian; the vendor API is a handful of
// calls on the proc handler obs-websocket publishes, made here directly (names and calldata as in
// obs-websocket 5.1).
#pragma once

#include <nlohmann/json.hpp>

namespace adiff {

inline constexpr const char *kWebsocketVendorName = "animatediff";

// From obs_module_post_load. Without obs-websocket the plugin works as before, with one log line.
void websocket_vendor_register();
// From obs_module_unload: stop emitting events (obs-websocket may already be gone).
void websocket_vendor_forget();
// Emits `type` with `data` to every client subscribed to vendor events; a no-op without obs-websocket.
void websocket_emit_event(const char *type, const nlohmann::json &data);

} // namespace adiff
