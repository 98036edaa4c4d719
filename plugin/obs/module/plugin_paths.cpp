#include "obs/module/plugin_paths.hpp"

#include <obs-module.h>

namespace adiff {
namespace {

std::string config_path(const char *name)
{
	char *path = obs_module_config_path(name);
	std::string result = path ? path : "";
	bfree(path);
	return result;
}

} // namespace

std::string clip_dir()
{
	return config_path("clips");
}

std::string token_file_path()
{
	return config_path("tokens.json");
}

} // namespace adiff
