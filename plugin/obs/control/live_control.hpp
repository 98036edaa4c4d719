// Live-show control of one AnimateDiff source: the rate guard on automated triggers, auto-refresh
// while the source is on program, and the generation_* signals / obs-websocket Generation* events.
// The source owns one LiveControl and calls it from a few marked hooks (generate, on_generation_status,
// tick, activate/deactivate, update); the logic itself lives in core/rate_guard and core/auto_refresh.
// It never calls the source back directly: auto-refresh starts generations through the trigger callback
// the source hands it, so the dependency runs source -> control only.
#pragma once

#include "obs/control/live_target.hpp"
#include "core/live/auto_refresh.hpp"
#include "core/live/rate_guard.hpp"
#include "core/live/session_spend.hpp"

#include <obs.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <mutex>

namespace adiff {

inline constexpr int kDefaultRefreshMinutes = 0;
inline constexpr int kDefaultMinTriggerIntervalS = 10;

class LiveControl {
public:
	// `trigger` starts a generation the way LiveTarget::generate does (auto-refresh uses it).
	using Trigger = std::function<TriggerResult(TriggerOrigin origin)>;
	// `smoothing` gives the smoothing state as get_status has it; every Generation* event carries it.
	using SmoothingFn = std::function<nlohmann::json()>;
	LiveControl(obs_source_t *source, Trigger trigger, SmoothingFn smoothing);

	void update(obs_data_t *settings);
	void activate();
	void deactivate();
	// The source is being destroyed: no signal or event from here on (the generator's final
	// "canceled" must not reach scripts or obs-websocket while both are tearing down).
	void close() { closed_ = true; }

	// Rate guard. True (and *refused filled with a localised "wait N s") when an automated trigger
	// comes too soon after the last automated generation. Panel and hotkeys are a person pressing a
	// button on purpose: they are never limited (and do not count), only scripts, obs-websocket and
	// auto-refresh are, so a chat flood cannot spend the user's credits.
	bool throttled(TriggerOrigin origin, TriggerResult *refused);
	// Just before Generator::start(): records the trigger and queues generation_started, which is
	// emitted ahead of the generator's first status so listeners always see started -> ... -> end.
	void before_start(TriggerOrigin origin);
	// Generator::start() said Busy after all: forget the queued generation_started.
	void start_refused();

	// Every status from the generator (its thread): signals and websocket events, progress throttled.
	void on_status(const Status &status);
	// Motion smoothing of the playing clip ended (decode worker's thread): the smoothing_changed signal
	// and the SmoothingChanged event with `state` (smoothed true once the smooth loop is in place).
	void on_smoothing(const nlohmann::json &state);
	// From video_tick: starts the auto-refresh generation when one is due (`busy`: a generation is
	// in flight, so none is started).
	void tick(bool busy);
	SpendTotals session_spend() const { return spend_.totals(); }

private:
	obs_source_t *source_;
	Trigger trigger_;
	SmoothingFn smoothing_;
	std::atomic<bool> closed_{false};

	std::mutex mutex_; // guards the fields below; never held while calling out
	RateGuard trigger_guard_{uint64_t(kDefaultMinTriggerIntervalS) * kNsPerSecond};
	RateGuard progress_throttle_;
	AutoRefresh auto_refresh_;
	SessionSpend spend_; // its own lock
	bool started_pending_ = false;
	const char *pending_origin_ = "";
	// Numbers this source's websocket events in the order they were emitted. obs-websocket sends
	// each event from its own thread pool, so two events emitted a millisecond apart can reach a
	// client in either order; clients sort by this. The generator's thread and the decode worker emit,
	// each holding event_mutex_ (never held by the UI or render thread).
	std::mutex event_mutex_;
	uint64_t event_sequence_ = 0;
};

const char *trigger_origin_id(TriggerOrigin origin);
// A generation is under way (neither idle nor ended): auto-refresh waits for it.
bool in_flight(const Status &status);

// Settings of the "Live control" group (defaults and panel), called from the source's settings code.
void set_live_defaults(obs_data_t *settings);
void add_live_properties(obs_properties_t *props);

} // namespace adiff
