#include "core/util/log.hpp"

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

void log_line(LogLevel level, const char *format, ...)
{
	char buffer[2048];
	va_list args;
	va_start(args, format);
	vsnprintf(buffer, sizeof(buffer), format, args);
	va_end(args);

	// The sink is called under the lock so a sink being replaced is never used half-destroyed;
	// sinks only format and hand the line on, they never block.
	std::lock_guard<std::mutex> lock(sink_mutex());
	if (current_sink())
		current_sink()(level, buffer);
	else
		fprintf(stderr, "[obs-animatediff] %s\n", buffer);
}

} // namespace adiff
