#include "core/generation/afterlife.hpp"

#include "core/util/log.hpp"

#include <algorithm>

namespace adiff {

Afterlife::~Afterlife()
{
	finish();
}

void Afterlife::adopt(std::unique_ptr<Work> work)
{
	if (!work)
		return;
	std::vector<std::unique_ptr<Work>> ended;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		if (finished_) {
			ended.push_back(std::move(work));
			ended.back()->stop_now();
		} else {
			const auto now = std::chrono::steady_clock::now();
			for (auto it = works_.begin(); it != works_.end();) {
				if ((*it)->wait_until(now)) {
					ended.push_back(std::move(*it));
					it = works_.erase(it);
				} else {
					++it;
				}
			}
			works_.push_back(std::move(work));
		}
	}
	ended.clear(); // joins outside the lock
}

void Afterlife::finish(std::chrono::milliseconds bound)
{
	std::vector<std::unique_ptr<Work>> works;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		finished_ = true;
		works.swap(works_);
	}
	if (works.empty())
		return;
	const auto start = std::chrono::steady_clock::now();
	const auto deadline = start + bound;
	const auto creates_by = deadline - std::min(kCancelBudget, bound / 2);
	for (auto &work : works) // each winds down on its own thread: the cancels go out in parallel
		work->wind_down(deadline);
	size_t abandoned = 0, stopped = 0;
	for (auto &work : works)
		if (!work->wait_until(creates_by)) {
			work->abandon_create();
			++abandoned;
		}
	for (auto &work : works)
		if (!work->wait_until(deadline)) {
			work->stop_now();
			++stopped;
		}
	const size_t count = works.size();
	works.clear(); // joins: each stopped work ends within one curl poll
	const long took_ms = long(
		std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
	log_line(LogLevel::Info,
		 "afterlife: %zu generation(s) wound down at unload in %ld ms (%zu still past the cancel budget, %zu "
		 "stopped at the bound)",
		 count, took_ms, abandoned, stopped);
}

void Afterlife::reopen()
{
	std::lock_guard<std::mutex> lock(mutex_);
	finished_ = false;
}

size_t Afterlife::pending()
{
	std::lock_guard<std::mutex> lock(mutex_);
	return works_.size();
}

} // namespace adiff
