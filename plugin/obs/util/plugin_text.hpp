// The one way plugin/obs looks up a user-facing string: the module's locale files (locale/*.ini, every key
// in both en-US and zh-CN; a unit test scans the code for keys).
#pragma once

#include <obs-module.h>

#include <string>

namespace adiff {

inline const char *T(const char *key)
{
	return obs_module_text(key);
}

// The same lookup as a core translator (format_status and friends take one; core never sees libobs).
inline std::string translate(const char *key)
{
	return obs_module_text(key);
}

} // namespace adiff
