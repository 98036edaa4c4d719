// How a decoded clip is played: the values read from the source's settings and their allowed ranges.
// The ranges are defined here once; the settings reader clamps to them and the panel shows them.
#pragma once

#include "core/media/timeline.hpp"

#include <cstdint>

namespace adiff {

struct IntRange {
	int min, max, step;
	constexpr int clamp(long long v) const { return v < min ? min : v > max ? max : int(v); }
};

namespace playback_range {
inline constexpr IntRange kSpeedPercent{10, 400, 5};
inline constexpr IntRange kCrossfadeMs{0, 5000, 50};
inline constexpr IntRange kMemoryBudgetMb{16, 8192, 16};
} // namespace playback_range

struct PlaybackOptions {
	LoopMode loop_mode = LoopMode::Loop;
	int speed_percent = 100; // playback_range::kSpeedPercent
	int crossfade_ms = 500;  // 0 = cut
	bool pause_when_hidden = true;
	uint64_t memory_budget_bytes = 512ull << 20;
};

} // namespace adiff
