// Captures every line the core logs (plugin/core/log.hpp) for the lifetime of the object.
#pragma once

#include "core/util/log.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace adiff::test {

class LogCapture {
public:
	LogCapture()
	{
		set_log_sink([this](LogLevel, const std::string &line) {
			std::lock_guard<std::mutex> lock(mutex_);
			lines_.push_back(line);
		});
	}
	~LogCapture() { set_log_sink(nullptr); }
	LogCapture(const LogCapture &) = delete;
	LogCapture &operator=(const LogCapture &) = delete;

	std::vector<std::string> lines() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return lines_;
	}

private:
	mutable std::mutex mutex_;
	std::vector<std::string> lines_;
};

} // namespace adiff::test
