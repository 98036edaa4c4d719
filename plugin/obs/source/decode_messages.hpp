// The locale key that says why a clip could not be played (Decode.*), for the source's note.
#pragma once

#include "core/media/decode_result.hpp"

namespace adiff {

const char *decode_error_key(DecodeError error);

} // namespace adiff
