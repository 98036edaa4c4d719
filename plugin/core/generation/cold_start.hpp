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
	explicit ColdStartWatch(int after_s = kColdStartAfterS) : after_(std::chrono::seconds(after_s)) {}

	// Called with each prediction seen; true once `starting` has lasted past the threshold.
	bool update(bool starting, Clock::time_point now = Clock::now())
	{
		if (!starting)
			return false;
		if (!seen_) {
			seen_ = true;
			since_ = now;
		}
		return now - since_ >= after_;
	}

private:
	Clock::duration after_;
	Clock::time_point since_;
	bool seen_ = false;
};

} // namespace adiff
