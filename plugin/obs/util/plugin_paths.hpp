// Per-user files of the plugin, under OBS's module config folder
// (~/.config/obs-studio/plugin_config/obs-animatediff/).
#pragma once

#include <string>

namespace adiff {

std::string clip_dir();        // generated clips
std::string token_file_path(); // API tokens (mode 0600), never in scene collections

} // namespace adiff
