#include "core/media/playback_options.hpp"

#include <cstring>

namespace adiff {

SmoothingMode parse_smoothing(const char *id)
{
	if (id && std::strcmp(id, "off") == 0)
		return SmoothingMode::Off;
	if (id && std::strcmp(id, "blend") == 0)
		return SmoothingMode::Blend;
	return SmoothingMode::Motion;
}

} // namespace adiff
