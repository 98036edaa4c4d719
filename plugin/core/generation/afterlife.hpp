// Work that has to finish after its owner is gone. A source removed (or OBS quitting) while its create
// is in flight cannot cancel the prediction yet: the id comes with the answer; and a remote cancel takes
// a round trip. The source must not wait for either, and the prediction must not run on, billed. So the
// source hands the unfinished generation to the module's Afterlife and returns at once; the generation
// sees its create answer, cancels the prediction remotely and ends. The module creates one Afterlife
// when it loads and finishes it when it unloads, within a bound well under a second whatever the
// network does: every work winds down at once and in parallel (each on its own thread, its cancel
// bounded by the same deadline), a create still unanswered near the end is abandoned, and whatever
// is left at the deadline is stopped. No libobs here.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace adiff {

class Afterlife {
public:
	// One adopted piece of work. Its destructor joins its thread (fast once it has ended or been stopped).
	class Work {
	public:
		virtual ~Work() = default;
		// Blocks until the work ended by itself or `deadline` passed; true when it ended.
		virtual bool wait_until(std::chrono::steady_clock::time_point deadline) = 0;
		// Give up now, canceling what was made: a remote cancel sent from here on is bounded by
		// `cancel_by`. A create in flight may still answer (its prediction is then canceled).
		virtual void wind_down(std::chrono::steady_clock::time_point cancel_by) = 0;
		// Stop waiting for a create in flight (its id is never learned: Cancel-After stops it).
		virtual void abandon_create() = 0;
		// Give up what is left now, a cancel in flight too (Cancel-After is the remaining safety net).
		virtual void stop_now() = 0;
	};

	Afterlife() = default;
	~Afterlife(); // finish(kDefaultBound) when not finished yet
	Afterlife(const Afterlife &) = delete;
	Afterlife &operator=(const Afterlife &) = delete;

	// The whole of finish(): quitting OBS waits this long at most (plus the join, ~50 ms).
	static constexpr std::chrono::milliseconds kDefaultBound{600};
	// The last part of the bound, kept for the cancels of creates that answer late.
	static constexpr std::chrono::milliseconds kCancelBudget{250};

	// Takes `work` over; also joins adopted work that has ended. After finish(), the work is stopped
	// and joined at once (there is nobody left to wait for it).
	void adopt(std::unique_ptr<Work> work);

	// Winds every adopted work down at once (their cancels go out in parallel), abandons creates still
	// unanswered kCancelBudget before `bound`, stops what is left at `bound` and joins it all.
	void finish(std::chrono::milliseconds bound = kDefaultBound);
	// Accepts work again after finish() (a module loaded again in the same process).
	void reopen();

	size_t pending(); // adopted work not joined yet

private:
	std::mutex mutex_;
	std::vector<std::unique_ptr<Work>> works_;
	bool finished_ = false;
};

} // namespace adiff
