// A minimum interval between events, with simulated time for tests. Used for two jobs:
// - the per-source guard on triggers from automation (scripts, obs-websocket, auto-refresh), so a chat
//   flood or a looping script cannot spend the user's credits;
// - throttling progress signals/events (at most one per 250 ms).
// Not thread-safe on its own: the owner guards it with its own mutex.
#pragma once

#include <cstdint>

namespace adiff {

class RateGuard {
public:
	explicit RateGuard(uint64_t min_interval_ns = 0) : min_interval_ns_(min_interval_ns) {}

	// 0 turns the guard off. Changing the interval keeps the time of the last event.
	void set_min_interval_ns(uint64_t min_interval_ns) { min_interval_ns_ = min_interval_ns; }
	uint64_t min_interval_ns() const { return min_interval_ns_; }

	// How long until an event would be allowed (0 = allowed now). Does not record anything.
	uint64_t wait_ns(uint64_t now_ns) const;
	// Whole seconds to tell a person ("wait N s"): the wait rounded up, at least 1 when refused.
	int wait_seconds(uint64_t now_ns) const;

	// Record that an event happened now (starts a new interval).
	void record(uint64_t now_ns);
	// wait_ns() == 0 and, if so, record(): one call for "let it through or not".
	bool try_pass(uint64_t now_ns);

	void reset() { has_last_ = false; }

private:
	uint64_t min_interval_ns_;
	uint64_t last_ns_ = 0;
	bool has_last_ = false;
};

inline constexpr uint64_t kNsPerSecond = 1'000'000'000;

} // namespace adiff
