#include "core/util/log.hpp"

#include "core/util/project_info.hpp"

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace adiff {
namespace {

std::mutex &sink_mutex()
{
	static std::mutex mutex;
	return mutex;
}

LogSink &current_sink()
{
	static LogSink sink;
	return sink;
}

} // namespace

void set_log_sink(LogSink sink)
{
	std::lock_guard<std::mutex> lock(sink_mutex());
	current_sink() = std::move(sink);
}

void log_source_vline(LogLevel level, const std::string &source_name, const char *format, va_list args)
{
	char buffer[2048];
	vsnprintf(buffer, sizeof(buffer), format, args);

	// The sink is called under the lock so a sink being replaced is never used half-destroyed;
	// sinks only format and hand the line on, they never block.
	std::lock_guard<std::mutex> lock(sink_mutex());
	if (current_sink())
		current_sink()(level, source_name, buffer);
	else if (source_name.empty())
		fprintf(stderr, "[%s] %s\n", kProjectName, buffer);
	else
		fprintf(stderr, "[%s: '%s'] %s\n", kProjectName, source_name.c_str(), buffer);
}

void log_line(LogLevel level, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	log_source_vline(level, std::string(), format, args);
	va_end(args);
}

} // namespace adiff
