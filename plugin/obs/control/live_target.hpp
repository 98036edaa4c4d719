// What the live controls (panel buttons, hotkeys, scripts, obs-websocket, auto-refresh) may ask of one
// AnimateDiff source. control/ knows the source only through this interface, so the dependency runs one
// way: source/ implements it and owns the controls; nothing in control/ includes source/.
#pragma once

#include "obs/control/rotation_control.hpp"
#include "obs/control/setlist_control.hpp"
#include "core/clips/clip_store.hpp"
#include "core/live/session_spend.hpp"
#include "core/status/status.hpp"

#include <obs.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace adiff {

class ClipPlayer;

// Where a trigger came from: the panel and hotkeys are a person; scripts and websocket are automation
// (rate-limited so a chat flood cannot spend the user's credits).
enum class TriggerOrigin { Panel, Hotkey, Script, WebSocket, AutoRefresh };

struct TriggerResult {
	bool started = false;
	int64_t seed = 0; // started: the seed sent (a random one already picked), for a chat bot to announce
	ErrorCode error = ErrorCode::None;
	std::string detail;  // e.g. the invalid field
	std::string message; // localised, ready for a status line or an error response
};

class LiveTarget {
public:
	// Start a generation from the current settings (plus optional model-input overrides, not saved: the
	// raw JSON object of a script or websocket request, checked by core/model_overrides).
	virtual TriggerResult generate(TriggerOrigin origin, const nlohmann::json *overrides = nullptr) = 0;
	virtual void cancel() = 0;
	virtual Status generation_status() const = 0;
	virtual std::vector<ClipRecord> history() const = 0;
	virtual ClipPlayer &player() = 0;             // hotkeys: play/pause, restart
	virtual const ClipPlayer &player() const = 0; // status JSON: what the player is doing
	// The show controls: the prompt setlist's cursor, the clip rotation, the clip on screen.
	virtual SetlistControl &setlist() = 0;
	virtual const SetlistControl &setlist() const = 0;
	virtual RotationControl &rotation() = 0;
	virtual std::string playing_clip() const = 0;
	virtual void refresh_status() = 0;             // the panel's status line, after a cursor move
	virtual SpendTotals session_spend() const = 0; // predict time of this session's clips (billed)
	virtual obs_source_t *obs_source() const = 0;

protected:
	~LiveTarget() = default; // never deleted through this interface
};

// The AnimateDiff source behind `source`, or null for any other kind of source (websocket requests, the
// dock). Implemented by source/ (which registers the source type).
LiveTarget *animatediff_live_target(obs_source_t *source);

// The source type's id, as saved in scene collections; never changes.
inline constexpr const char *kAnimateDiffSourceId = "animatediff_source";

} // namespace adiff
