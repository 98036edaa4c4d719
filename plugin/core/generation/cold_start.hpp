// "cold start": a prediction that stays in `starting` longer than a threshold is waiting for the server
// to boot the model (a community model nobody ran lately, or a deployment scaled to zero). Saying so
// tells the streamer the wait is normal, and what a warm deployment would save.
#pragma once

#include <chrono>

namespace adiff {

inline constexpr int kColdStartAfterS = 15;

class ColdStartWatch {
public:
	using Clock = std::chrono::steady_clock;
	// `created`: when the create was sent. A prediction is `starting` from its creation, and the create's
	// answer may be slow to come (a loaded API, a relay), so the time counts from there, not from the
	// first answer seen.
	explicit ColdStartWatch(Clock::time_point created, int after_s = kColdStartAfterS)
		: created_(created),
		  after_(std::chrono::seconds(after_s))
	{
	}

	// Called with each prediction seen; true while it is still `starting` past the threshold.
	bool update(bool starting, Clock::time_point now = Clock::now()) const
	{
		return starting && now - created_ >= after_;
	}

private:
	Clock::time_point created_;
	Clock::duration after_;
};

} // namespace adiff
