#include "obs/util/plugin_paths.hpp"

#include <util/util.hpp>

#include <obs-module.h>

namespace adiff {
namespace {

std::string config_path(const char *name)
{
	BPtr<char> path = obs_module_config_path(name);
	return path ? std::string(path) : std::string();
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
