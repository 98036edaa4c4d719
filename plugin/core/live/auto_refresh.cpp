#include "core/live/auto_refresh.hpp"

namespace adiff {

void AutoRefresh::configure(uint64_t interval_ns, bool generate_on_activate)
{
	// The running interval keeps its start: shortening it from 10 to 5 minutes after 6 minutes on
	// air makes a clip due now, which is what the user asked for.
	interval_ns_ = interval_ns;
	generate_on_activate_ = generate_on_activate;
}

void AutoRefresh::activate(uint64_t now_ns)
{
	if (active_)
		return;
	active_ = true;
	cycle_start_ns_ = now_ns;
	retry_at_ns_ = 0;
	pending_now_ = generate_on_activate_;
}

void AutoRefresh::deactivate()
{
	active_ = false;
	pending_now_ = false;
	retry_at_ns_ = 0;
}

bool AutoRefresh::due(uint64_t now_ns, bool busy) const
{
	if (!active_ || busy)
		return false;
	if (retry_at_ns_ != 0)
		return now_ns >= retry_at_ns_;
	if (pending_now_)
		return true;
	if (interval_ns_ == 0)
		return false;
	return now_ns >= cycle_start_ns_ + interval_ns_;
}

void AutoRefresh::generation_started(uint64_t now_ns)
{
	cycle_start_ns_ = now_ns;
	pending_now_ = false;
	retry_at_ns_ = 0;
}

void AutoRefresh::trigger_refused(uint64_t now_ns, uint64_t retry_after_ns)
{
	if (retry_after_ns > 0) {
		retry_at_ns_ = now_ns + retry_after_ns;
		return;
	}
	retry_at_ns_ = 0;
	pending_now_ = false;
	cycle_start_ns_ = now_ns;
}

uint64_t AutoRefresh::next_due_ns() const
{
	if (!active_)
		return 0;
	if (retry_at_ns_ != 0)
		return retry_at_ns_;
	if (pending_now_)
		return cycle_start_ns_;
	return interval_ns_ == 0 ? 0 : cycle_start_ns_ + interval_ns_;
}

} // namespace adiff
