// Motion smoothing of a clip from the clips folder, done once: its smoothed frames are kept in a companion
// file (core/media/smooth_cache) and loaded from there at the next start or rotation back to the clip. Only
// clips this store owns get one, so nothing is ever written beside a user's own files.
#pragma once

#include "core/clips/clip_store.hpp"
#include "core/media/smooth_cache.hpp"

#include <optional>
#include <string>

namespace adiff {

class SmoothCompanion {
public:
	// Reads the clip file (its key) when the clip is the store's own; nothing otherwise.
	SmoothCompanion(const ClipStore &store, const std::string &clip_path, int fps, bool wrap,
			const CancelFlag *cancel);
	bool enabled() const { return !path_.empty() && !key_.empty(); }
	const std::string &path() const { return path_; }

	// The kept frames of `plain`, or nothing: no file, or one that is stale or damaged (deleted here, so
	// it is made again and never shown).
	std::optional<SmoothResult> load(const DecodedClip &plain);
	// Writes the smoothed frames beside the clip: to a temporary file, renamed into place when complete.
	// Reduced rates are not kept (they depend on the memory budget, not on the clip).
	bool keep(const SmoothResult &smoothed);

private:
	const ClipStore &store_;
	std::string clip_path_, path_, key_;
	int fps_ = 0;
	bool wrap_ = true;
	const CancelFlag *cancel_ = nullptr;
};

} // namespace adiff
