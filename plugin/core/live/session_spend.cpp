#include "core/live/session_spend.hpp"

namespace adiff {

void SessionSpend::add(const std::string &prediction_id, double predict_time_s)
{
	std::lock_guard<std::mutex> lock(mutex_);
	// A prediction without an id (a Cog server) is one clip each time; an id is counted once.
	if (!prediction_id.empty() && !counted_.insert(prediction_id).second)
		return;
	totals_.clips++;
	if (predict_time_s > 0)
		totals_.predict_time_s += predict_time_s;
}

SpendTotals SessionSpend::totals() const
{
	std::lock_guard<std::mutex> lock(mutex_);
	return totals_;
}

} // namespace adiff
