// Module entry points: registers the AnimateDiff source and (in post_load) the obs-websocket vendor and
// the module's extensions (the frontend dock, when OBS has a frontend).
#include "obs/module/module_extensions.hpp"
#include "obs/source/animatediff_source.hpp"
#include "obs/util/module_afterlife.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/control/websocket_vendor.hpp"
#include "obs/util/plugin_text.hpp"
#include "core/util/log.hpp"
#include "core/util/project_info.hpp"

#include <obs-module.h>

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE("obs-animatediff", "en-US")

MODULE_EXPORT const char *obs_module_description(void)
{
	return adiff::T("AnimateDiff.Description");
}

namespace {

// Core code logs through a sink; in OBS every line goes to the OBS log with the plugin's prefix, naming
// the source a line is about as OBS's own sources do: "[obs-animatediff: 'Loop 1'] ...".
int obs_log_level(adiff::LogLevel level)
{
	switch (level) {
	case adiff::LogLevel::Debug:
		return LOG_DEBUG;
	case adiff::LogLevel::Info:
		return LOG_INFO;
	case adiff::LogLevel::Warning:
		return LOG_WARNING;
	case adiff::LogLevel::Error:
		return LOG_ERROR;
	}
	return LOG_INFO;
}

void route_core_log_to_obs()
{
	adiff::set_log_sink([](adiff::LogLevel level, const std::string &source_name, const std::string &line) {
		if (source_name.empty())
			blog(obs_log_level(level), "[%s] %s", adiff::kProjectName, line.c_str());
		else
			blog(obs_log_level(level), "[%s: '%s'] %s", adiff::kProjectName, source_name.c_str(),
			     line.c_str());
	});
}

} // namespace

extern "C" bool obs_module_load(void)
{
	route_core_log_to_obs();
	adiff::module_afterlife().reopen();
	adiff::register_animatediff_source();
	adiff_log(LOG_INFO, "loaded (version %s)", adiff::kProjectVersion);
	return true;
}

// obs-websocket registers its vendor API during its own load: vendors must wait for post_load.
extern "C" void obs_module_post_load(void)
{
	adiff::websocket_vendor_register(adiff::animatediff_live_target);
	adiff::module_extensions_post_load();
}

extern "C" void obs_module_unload(void)
{
	adiff::module_extensions_unload();
	adiff::websocket_vendor_forget();
	// Generations of removed sources wind down at once and in parallel, each sending its cancel with a
	// short timeout; the whole takes under a second whatever the network does (Afterlife::kDefaultBound).
	adiff::module_afterlife().finish();
	adiff::set_log_sink(nullptr);
}
