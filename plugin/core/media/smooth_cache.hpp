// Smoothed frames kept on disk beside their clip, so a clip is interpolated once: a companion file
// "<clip file name>.adiff-smooth-<fps>-<loop|pingpong>.mkv" (see ClipStore's companion files), tagged with
// a key of the clip's content, the mode, the rate and the plugin's version. A file whose key differs, or that
// does not decode cleanly into exactly the frames expected, is never shown: the caller drops and remakes it.
#pragma once

#include "core/media/frame_interpolator.hpp"

#include <string>

namespace adiff {

// The companion kind (the part after ".adiff-") for these smoothing settings.
std::string smooth_cache_kind(int fps, bool wrap);
// What a cache must carry to be used: SHA-256 of the clip file, mode, rate, loop mode, plugin version.
// "" when the clip cannot be read.
std::string smooth_cache_key(const std::string &clip_path, int fps, bool wrap, const CancelFlag *cancel);

enum class CacheLoad { Loaded, Missing, Stale, Damaged };
const char *cache_load_id(CacheLoad load);

struct CachedSmooth {
	CacheLoad load = CacheLoad::Missing;
	std::string detail;
	SmoothResult result; // ok() when Loaded
};

// Reads `cache_path` for the plain clip `plain` smoothed at `fps`: Missing (no file), Stale (another key),
// Damaged (any decode error, another size or frame count), or Loaded with the frames on the same clock
// interpolate_clip gives.
CachedSmooth load_smooth_cache(const std::string &cache_path, const std::string &key, const DecodedClip &plain, int fps,
			       bool wrap, const CancelFlag *cancel);
// Writes `smoothed` to temp_path (the caller renames it into place). "" when written, else why.
std::string write_smooth_cache(const std::string &temp_path, const std::string &key, const SmoothResult &smoothed,
			       const CancelFlag *cancel);

} // namespace adiff
