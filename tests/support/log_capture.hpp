// Captures every line the core logs (core/util/log.hpp) for the lifetime of the object.
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
		set_log_sink([this](LogLevel, const std::string &source_name, const std::string &line) {
			std::lock_guard<std::mutex> lock(mutex_);
			lines_.push_back(line);
			sources_.push_back(source_name);
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

	// The source name each line was logged for ("" = module-wide), in the order of lines().
	std::vector<std::string> sources() const
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return sources_;
	}

private:
	mutable std::mutex mutex_;
	std::vector<std::string> lines_;
	std::vector<std::string> sources_;
};

} // namespace adiff::test
