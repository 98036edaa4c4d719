#include "core/generation/afterlife.hpp"

#include "core/util/log.hpp"

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
	const auto deadline = std::chrono::steady_clock::now() + bound;
	size_t stopped = 0;
	for (auto &work : works)
		if (!work->wait_until(deadline)) {
			work->stop_now();
			++stopped;
		}
	log_line(LogLevel::Info, "afterlife: %zu generation(s) left at unload, %zu stopped at the bound", works.size(),
		 stopped);
	works.clear();
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
