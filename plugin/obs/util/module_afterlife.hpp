// The module's one Afterlife (core/afterlife.hpp): generations whose source was removed finish there.
// Opened in obs_module_load, finished (joined with a bound) in obs_module_unload. The object itself lives
// as long as the process: libobs may destroy a straggling source after unloading the module, and its
// Generator must still find it (finished, it stops such work at once).
#pragma once

#include "core/generation/afterlife.hpp"

namespace adiff {

Afterlife &module_afterlife();

} // namespace adiff
