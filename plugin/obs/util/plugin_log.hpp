// Log lines of the plugin, named the way OBS's own sources name theirs so users can grep their OBS log:
//   adiff_log(LOG_INFO, "loaded")                        -> "[obs-animatediff] loaded"
//   adiff_source_log(source, LOG_INFO, "clip ready")     -> "[obs-animatediff: 'Loop 1'] clip ready"
// Lines about one source use adiff_source_log; lines about the module as a whole use adiff_log.
#pragma once

#include "core/util/project_info.hpp"

#include <obs.h>
#include <util/base.h>

#define adiff_log(level, format, ...) blog(level, "[%s] " format, adiff::kProjectName, ##__VA_ARGS__)

// The source's name is read when the line is logged, so a renamed source shows its new name at once.
__attribute__((__format__(__printf__, 3, 4))) void adiff_source_log(obs_source_t *source, int level, const char *format,
								    ...);
