// Decode a whole clip once into RGBA frames with their exact display durations (libav*).
#pragma once

#include "core/media/decode_result.hpp"

#include <string>

namespace adiff {

DecodeResult decode_clip(const std::string &path, const DecodeOptions &options = {});

// Decodes every frame of `path` (no conversion, nothing kept) and says whether the whole file is sound:
// None, or TooLarge / Damaged / Corrupt / Empty / OpenFailed / ... with a detail. A downloaded file
// becomes a clip only after this says None; memory_budget_bytes is not used.
DecodeResult verify_clip(const std::string &path, const DecodeOptions &options = {});

} // namespace adiff
