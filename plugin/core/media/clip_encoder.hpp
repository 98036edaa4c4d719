// Writes decoded RGBA frames as a compact video the decoder reads back: H.264 (libx264, near-lossless
// quality) in Matroska, one frame every 1/fps, with a text tag. Used for the plugin's own caches.
#pragma once

#include "core/net/cancel_flag.hpp"

#include <string>

namespace adiff {

struct DecodedClip;

// "" when written, else why (a partly written file is left for the caller to remove).
std::string encode_clip(const DecodedClip &clip, int fps, const std::string &tag, const std::string &path,
			const CancelFlag *cancel);
// The tag encode_clip wrote; "" when the file has none or cannot be opened.
std::string read_clip_tag(const std::string &path);

} // namespace adiff
