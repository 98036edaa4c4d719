// Work that has to finish after its owner is gone. A source removed (or OBS quitting) while the server
// holds its create (`Prefer: wait`) cannot cancel the prediction yet: the id comes with the answer. The
// source must not wait for that, and the prediction must not run on, billed. So the source hands the
// unfinished generation to the module's Afterlife and returns at once; the generation sees its create
// answer, cancels the prediction remotely and ends. The module creates one Afterlife when it loads and
// finishes it, with a bound, when it unloads. No libobs here.
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
		// Give up what is left now (the server's Cancel-After is the remaining safety net).
		virtual void stop_now() = 0;
	};

	Afterlife() = default;
	~Afterlife(); // finish(kDefaultBound) when not finished yet
	Afterlife(const Afterlife &) = delete;
	Afterlife &operator=(const Afterlife &) = delete;

	static constexpr std::chrono::milliseconds kDefaultBound{2500};

	// Takes `work` over; also joins adopted work that has ended. After finish(), the work is stopped
	// and joined at once (there is nobody left to wait for it).
	void adopt(std::unique_ptr<Work> work);

	// Gives every adopted work until `bound` to end by itself, then stops the rest and joins it all.
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
