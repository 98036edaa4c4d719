#include "core/media/timeline.hpp"

#include <algorithm>

namespace adiff {

Timeline::Timeline(std::vector<int64_t> durations_us) : durations_(std::move(durations_us))
{
	starts_.reserve(durations_.size());
	for (int64_t &duration : durations_) {
		if (duration < 1)
			duration = 1; // a zero-length frame would make the cycle arithmetic divide by zero
		starts_.push_back(total_);
		total_ += duration;
	}
}

int64_t Timeline::cycle_us(LoopMode mode) const
{
	const size_t n = durations_.size();
	if (mode == LoopMode::Loop || n < 2)
		return total_;
	// Forward 0..n-1, then back n-2..1: every frame twice except the two ends.
	return 2 * total_ - durations_.front() - durations_.back();
}

size_t Timeline::frame_at(int64_t t_us, LoopMode mode) const
{
	const size_t n = durations_.size();
	if (n < 2)
		return 0;
	const int64_t cycle = cycle_us(mode);
	int64_t position = t_us <= 0 ? 0 : t_us % cycle;
	if (position >= total_) {
		// Backward leg: mirror into the forward span of frames 1..n-2, counting down from frame n-2's end.
		position = starts_[n - 1] - 1 - (position - total_);
	}
	// The last frame whose start is at or before position.
	const auto next = std::upper_bound(starts_.begin(), starts_.end(), position);
	return size_t(next - starts_.begin()) - 1;
}

int64_t Timeline::content_us(int64_t t_us, LoopMode mode) const
{
	const size_t n = durations_.size();
	if (n < 2)
		return 0;
	const int64_t cycle = cycle_us(mode);
	const int64_t position = t_us <= 0 ? 0 : t_us % cycle;
	if (mode == LoopMode::Loop)
		return position;
	// Forward over [0, total) covers content [0, last start]; backward over [total, cycle) comes back.
	const int64_t span = starts_.back();
	if (position < total_)
		return int64_t(double(position) * double(span) / double(total_));
	const int64_t back = cycle - total_;
	return span - int64_t(double(position - total_) * double(span) / double(back));
}

int64_t Timeline::media_time_us(int64_t t_us, LoopMode mode) const
{
	if (total_ <= 0)
		return 0;
	const int64_t cycle = cycle_us(mode);
	int64_t t = cycle > 0 && t_us > 0 ? t_us % cycle : 0;
	if (t >= total_) // ping-pong, coming back
		t = std::max<int64_t>(0, cycle - t);
	return t;
}

FrameMix Timeline::mix_at(int64_t content, bool wrap) const
{
	const size_t n = durations_.size();
	if (n < 2)
		return {};
	const int64_t c = std::clamp<int64_t>(content, 0, total_ - 1);
	const auto next = std::upper_bound(starts_.begin(), starts_.end(), c);
	const size_t from = size_t(next - starts_.begin()) - 1;
	FrameMix mix;
	mix.from = from;
	if (from + 1 < n)
		mix.to = from + 1;
	else
		mix.to = wrap ? 0 : from; // the wrap blends the last frame into the first
	if (mix.to != from)
		mix.amount = float(double(c - starts_[from]) / double(durations_[from]));
	return mix;
}

void PlaybackClock::advance(uint64_t dt_ns, int speed_percent)
{
	if (paused_ || speed_percent <= 0)
		return;
	// position advances by dt_ns * speed / 100 ns = dt_ns * speed / 100000 us. remainder_ns_ carries what is
	// left below one microsecond, in units of ns*percent, so no tick ever loses time. Split dt_ns first so
	// the product cannot overflow however long the tick.
	constexpr uint64_t kUnitsPerUs = 1000 * 100;
	const uint64_t speed = uint64_t(speed_percent);
	const uint64_t whole = dt_ns / kUnitsPerUs;
	const uint64_t rest_units = (dt_ns % kUnitsPerUs) * speed + remainder_ns_;
	position_us_ += int64_t(whole * speed + rest_units / kUnitsPerUs);
	remainder_ns_ = rest_units % kUnitsPerUs;
}

} // namespace adiff
