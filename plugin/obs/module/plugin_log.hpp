// Every log line of the plugin starts with "[obs-animatediff] " so users can grep their OBS log.
#pragma once

#include <util/base.h>

#define adiff_log(level, format, ...) blog(level, "[obs-animatediff] " format, ##__VA_ARGS__)
