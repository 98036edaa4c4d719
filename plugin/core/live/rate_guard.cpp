#include "core/live/rate_guard.hpp"

namespace adiff {

uint64_t RateGuard::wait_ns(uint64_t now_ns) const
{
	if (!has_last_ || min_interval_ns_ == 0)
		return 0;
	// `now` before the last event cannot happen with a monotonic clock; count it as no time elapsed.
	const uint64_t elapsed = now_ns >= last_ns_ ? now_ns - last_ns_ : 0;
	return elapsed >= min_interval_ns_ ? 0 : min_interval_ns_ - elapsed;
}

int RateGuard::wait_seconds(uint64_t now_ns) const
{
	const uint64_t wait = wait_ns(now_ns);
	if (wait == 0)
		return 0;
	return int((wait + kNsPerSecond - 1) / kNsPerSecond);
}

void RateGuard::record(uint64_t now_ns)
{
	last_ns_ = now_ns;
	has_last_ = true;
}

bool RateGuard::try_pass(uint64_t now_ns)
{
	if (wait_ns(now_ns) != 0)
		return false;
	record(now_ns);
	return true;
}

} // namespace adiff
