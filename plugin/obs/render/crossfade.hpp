// Draws a mix of two frames with data/effects/crossfade.effect (loaded on first use): the crossfade
// between two clips, and smoothing "blend" between neighbouring frames of one clip.
#pragma once

#include <graphics/graphics.h>

#include <cstdint>

namespace adiff {

class CrossfadeEffect {
public:
	CrossfadeEffect() = default;
	~CrossfadeEffect(); // destroys the effect (enters graphics if it was loaded)
	CrossfadeEffect(const CrossfadeEffect &) = delete;
	CrossfadeEffect &operator=(const CrossfadeEffect &) = delete;

	// Graphics context required. Draws `from` and `to` both stretched to width x height, mixed by
	// `opacity` (0 = from only, 1 = to only). Returns false when the effect file could not be loaded,
	// so the caller can cut instead.
	bool draw(gs_texture_t *from, gs_texture_t *to, float opacity, uint32_t width, uint32_t height);

private:
	bool load();

	gs_effect_t *effect_ = nullptr;
	gs_eparam_t *image_ = nullptr, *previous_image_ = nullptr, *opacity_ = nullptr;
	bool load_failed_ = false; // tried once; do not hit the disk again every frame
};

} // namespace adiff
