// What one source's generations have cost this session: the predict time Replicate bills, summed over
// the clips made (each prediction counted once, however often its final status is reported). Clips
// served from disk cost nothing and are not counted. Thread-safe: added to from the generator's
// thread, read from the UI thread and by status requests.
#pragma once

#include <mutex>
#include <set>
#include <string>

namespace adiff {

struct SpendTotals {
	double predict_time_s = 0; // the sum of known predict times
	int clips = 0;             // predictions that made a clip (with or without a known time)
};

class SessionSpend {
public:
	// A prediction made a clip. `predict_time_s` < 0 when the server did not report one.
	void add(const std::string &prediction_id, double predict_time_s);
	SpendTotals totals() const;

private:
	mutable std::mutex mutex_;
	SpendTotals totals_;
	std::set<std::string> counted_;
};

} // namespace adiff
