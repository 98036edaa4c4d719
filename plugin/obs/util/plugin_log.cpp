#include "obs/util/plugin_log.hpp"

#include <cstdarg>
#include <cstdio>

void adiff_source_log(obs_source_t *source, int level, const char *format, ...)
{
	char line[4096];
	va_list args;
	va_start(args, format);
	vsnprintf(line, sizeof(line), format, args);
	va_end(args);
	const char *name = source ? obs_source_get_name(source) : nullptr;
	blog(level, "[%s: '%s'] %s", adiff::kProjectName, name ? name : "", line);
}
