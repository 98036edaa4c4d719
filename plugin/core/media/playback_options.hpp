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
inline constexpr IntRange kSmoothFps{15, 120, 1};
inline constexpr int kSmoothFpsDefaultCap = 60; // the default follows OBS's frame rate, but no higher
} // namespace playback_range

// How the steps between a clip's frames are hidden: not at all, by mixing neighbouring frames in the
// shader, or by motion-compensated frames made on the decode worker (blending until they are ready).
enum class SmoothingMode { Off, Blend, Motion };

// "off" | "blend" | "motion": the settings values (a public contract).
inline const char *smoothing_id(SmoothingMode mode)
{
	return mode == SmoothingMode::Off ? "off" : mode == SmoothingMode::Blend ? "blend" : "motion";
}
// Unknown text (a hand-edited scene file) means the default, motion.
SmoothingMode parse_smoothing(const char *id);

struct PlaybackOptions {
	LoopMode loop_mode = LoopMode::Loop;
	int speed_percent = 100; // playback_range::kSpeedPercent
	int crossfade_ms = 500;  // 0 = cut
	bool pause_when_hidden = true;
	uint64_t memory_budget_bytes = 512ull << 20;
	SmoothingMode smoothing = SmoothingMode::Motion;
	int smooth_fps = 30; // playback_range::kSmoothFps
};

} // namespace adiff
