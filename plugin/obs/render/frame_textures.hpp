// The GPU copy of one decoded clip: one static GS_RGBA texture per frame, uploaded once, a few per tick.
#pragma once

#include "core/media/decoder.hpp"

#include <graphics/graphics.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adiff {

class FrameTextures {
public:
	// Reserves one slot per frame; needs no graphics context (the decode worker builds it).
	explicit FrameTextures(size_t frame_count = 0);
	~FrameTextures(); // destroys any textures left (enters graphics only if there are some)
	FrameTextures(const FrameTextures &) = delete;
	FrameTextures &operator=(const FrameTextures &) = delete;

	// Graphics context required. Uploads the next frames of `clip` until `byte_budget` is spent (always at
	// least one frame, so a frame larger than the budget still goes up). Returns true once all are uploaded.
	bool upload_some(const DecodedClip &clip, uint64_t byte_budget);
	bool complete() const { return uploaded_ == textures_.size(); }
	size_t size() const { return textures_.size(); }
	gs_texture_t *at(size_t index) const { return index < uploaded_ ? textures_[index] : nullptr; }

	void destroy(); // graphics context required

private:
	std::vector<gs_texture_t *> textures_;
	size_t uploaded_ = 0;
};

} // namespace adiff
