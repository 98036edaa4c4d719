// When to start the next automatic generation of a source ("a new clip every N minutes while the
// source is on program"). Pure logic on a caller-supplied clock, so it is tested with simulated time;
// the OBS source drives it from video_tick and its activate/deactivate callbacks.
//
// Rules:
// - Nothing is due while the source is inactive, nor while a generation is in flight (busy).
// - Activation starts a fresh interval; with generate_on_activate a generation is due at once.
// - Any generation that starts (from any origin: panel, hotkey, chat bot, or this timer) restarts the
//   interval, so every clip stays on screen for a full interval.
// - A refused trigger (rate guard, busy race) is retried after the wait it was given; a trigger that
//   failed for another reason (no token, invalid setting) waits a whole interval instead of retrying
//   every frame.
// Not thread-safe on its own: the owner guards it with its own mutex.
#pragma once

#include <cstdint>

namespace adiff {

class AutoRefresh {
public:
	// interval_ns 0 = no periodic refresh (generate_on_activate may still fire once per activation).
	void configure(uint64_t interval_ns, bool generate_on_activate);

	void activate(uint64_t now_ns);
	void deactivate();
	bool active() const { return active_; }

	// True when a generation should be started now.
	bool due(uint64_t now_ns, bool busy) const;

	// A generation started now (from any origin): the next one is due one interval later.
	void generation_started(uint64_t now_ns);
	// The timer's own trigger was refused: retry after retry_after_ns (> 0), or, when 0, skip this
	// cycle and wait a whole interval.
	void trigger_refused(uint64_t now_ns, uint64_t retry_after_ns);

	// When the next periodic trigger falls (0 when none is scheduled); for logs and tests.
	uint64_t next_due_ns() const;

private:
	uint64_t interval_ns_ = 0;
	bool generate_on_activate_ = false;
	bool active_ = false;
	bool pending_now_ = false;    // generate_on_activate: due as soon as not busy
	uint64_t cycle_start_ns_ = 0; // the interval runs from here
	uint64_t retry_at_ns_ = 0;    // 0 = no retry pending
};

} // namespace adiff
