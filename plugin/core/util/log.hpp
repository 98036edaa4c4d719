// Core code logs through one sink so the OBS layer can route lines to blog() (with the plugin prefix)
// and tests can capture them (e.g. to prove the token never appears). Default sink: stderr.
// A line is either about one source (its name given, as OBS's own sources log "[name: 'Loop 1'] ...")
// or module-wide (empty name); the sink decides how to show the name.
#pragma once

#include <cstdarg>
#include <functional>
#include <string>

namespace adiff {

enum class LogLevel { Debug, Info, Warning, Error };

// `source_name`: the OBS source the line is about, or "" for a module-wide line. `line` has no prefix
// and no trailing newline.
using LogSink = std::function<void(LogLevel level, const std::string &source_name, const std::string &line)>;

// Replace the sink (nullptr restores stderr). Thread-safe.
void set_log_sink(LogSink sink);

// printf-style, module-wide.
void log_line(LogLevel level, const char *format, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

// A line about the source named `source_name` ("" = module-wide), for wrappers that add the name
// themselves (GenerationJob::log).
void log_source_vline(LogLevel level, const std::string &source_name, const char *format, va_list args);

} // namespace adiff
