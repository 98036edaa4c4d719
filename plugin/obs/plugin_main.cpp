// Module entry points: registers the AnimateDiff source and (in post_load) the obs-websocket vendor.
#include "plugin_log.hpp"

#include <obs-module.h>

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE("obs-animatediff", "en-US")

MODULE_EXPORT const char *obs_module_description(void)
{
	return obs_module_text("AnimateDiff.Description");
}

extern "C" bool obs_module_load(void)
{
	adiff_log(LOG_INFO, "loaded (version %s)", ADIFF_VERSION);
	return true;
}
