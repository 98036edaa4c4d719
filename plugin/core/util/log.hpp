// Core code logs through one sink so the OBS layer can route lines to blog() (with the plugin prefix)
// and tests can capture them (e.g. to prove the token never appears). Default sink: stderr.
#pragma once

#include <functional>
#include <string>

namespace adiff {

enum class LogLevel { Debug, Info, Warning, Error };

using LogSink = std::function<void(LogLevel level, const std::string &line)>;

// Replace the sink (nullptr restores stderr). Thread-safe.
void set_log_sink(LogSink sink);

// printf-style; the line is passed to the sink without a trailing newline.
void log_line(LogLevel level, const char *format, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

} // namespace adiff
