// The properties panel: model inputs, backend, actions with a live status line, playback.
#pragma once

#include <obs-properties.h>

namespace adiff {

class AnimateDiffSource;

// `source` may be null (OBS asks for properties of a type without an instance, e.g. for defaults).
obs_properties_t *build_properties(AnimateDiffSource *source);

} // namespace adiff
