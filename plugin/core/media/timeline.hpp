// Which frame shows at a given playback time, from the real frame durations; and the playback clock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adiff {

enum class LoopMode { Loop, PingPong };

// Two neighbouring frames and how far playback is from the first to the second (0..1).
struct FrameMix {
	size_t from = 0, to = 0;
	float amount = 0.0f;
};

class Timeline {
public:
	Timeline() = default;
	explicit Timeline(std::vector<int64_t> durations_us);

	size_t frame_count() const { return durations_.size(); }
	int64_t duration_us() const { return total_; } // one forward pass
	// Length of one full cycle: Loop = duration; PingPong = forward then backward, ends not repeated.
	int64_t cycle_us(LoopMode mode) const;
	// The frame to show at position t (any t >= 0; wraps by cycle). Never allocates.
	size_t frame_at(int64_t t_us, LoopMode mode) const;

	// Smooth playback works on the clip's own time ("content time"), not on frame indices, so plain,
	// blended and interpolated frames of one clip show the same instant for the same clock position.
	// Loop: position modulo the duration, in [0, duration). PingPong: a triangle over [0, start of the
	// last frame] with the same cycle as frame_at's ping-pong, so it moves evenly and never holds or jumps.
	int64_t content_us(int64_t t_us, LoopMode mode) const;
	// The frames around content time c (from content_us of the clip these frames show) and the mix.
	// wrap: after the last frame comes the first (loop); otherwise the last frame holds (ping-pong).
	FrameMix mix_at(int64_t content_us, bool wrap) const;
	// Media time reported to OBS: the position inside one forward pass (ping-pong counts back down).
	int64_t media_time_us(int64_t t_us, LoopMode mode) const;
	int64_t last_start_us() const { return starts_.empty() ? 0 : starts_.back(); }

private:
	std::vector<int64_t> durations_;
	std::vector<int64_t> starts_; // start time of each frame in the forward pass
	int64_t total_ = 0;
};

// Playback position driven by OBS's video_tick seconds, with speed, pause and restart.
class PlaybackClock {
public:
	void advance(uint64_t dt_ns, int speed_percent); // no-op while paused
	void set_paused(bool paused) { paused_ = paused; }
	bool paused() const { return paused_; }
	void restart() { position_us_ = 0; }
	void seek(int64_t position_us) { position_us_ = position_us < 0 ? 0 : position_us; }
	int64_t position_us() const { return position_us_; }

private:
	int64_t position_us_ = 0;
	uint64_t remainder_ns_ = 0; // sub-microsecond carry so long runs do not drift
	bool paused_ = false;
};

} // namespace adiff
