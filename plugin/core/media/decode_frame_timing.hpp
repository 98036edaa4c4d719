// Display durations of decoded frames from their timestamps, with fallbacks for streams that lack them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adiff {

constexpr int64_t kNoTimestamp = INT64_MIN;         // same value as AV_NOPTS_VALUE
constexpr int64_t kDefaultFrameDurationUs = 125000; // 1/8 s, when a stream says nothing about its rate

// Collects one entry per frame in display order, then turns them into microsecond durations.
// A frame lasts until the next frame's timestamp; the last one (or any frame whose timestamps are missing or
// not increasing) uses its own packet duration, then the stream's frame period, then 1/8 s.
class FrameTiming {
public:
	// time_base and frame period as num/den fractions of a second; frame_period_den == 0 means unknown.
	FrameTiming(int time_base_num, int time_base_den, int frame_period_num, int frame_period_den);

	void add(int64_t pts, int64_t duration_hint); // both in the time base; kNoTimestamp / <= 0 when unknown
	size_t size() const { return pts_.size(); }
	void drop_last(); // a frame that was decoded but not kept (memory budget), still used as the next pts

	std::vector<int64_t> durations_us() const;

private:
	int64_t to_us(int64_t ticks) const;
	int64_t fallback_us() const;

	int64_t tb_num_, tb_den_, period_num_, period_den_;
	std::vector<int64_t> pts_, hints_;
	int64_t pts_after_last_ = kNoTimestamp; // pts of a dropped frame that follows the last kept one
};

} // namespace adiff
