// What kind of clip a file is, from its first bytes (never from a server's name or content type).
// Internal to core/generation (and its unit tests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace adiff {

// "mp4", "mov", "gif", "webm", or "" when the bytes are none of those.
std::string sniff_video_extension(const uint8_t *data, size_t size);
std::string sniff_video_file(const std::string &path);

} // namespace adiff
