#include "obs/render/frame_textures.hpp"

#include <obs.h>

namespace adiff {

FrameTextures::FrameTextures(size_t frame_count) : textures_(frame_count, nullptr) {}

FrameTextures::~FrameTextures()
{
	if (uploaded_ == 0)
		return;
	obs_enter_graphics();
	destroy();
	obs_leave_graphics();
}

bool FrameTextures::upload_some(const DecodedClip &clip, uint64_t byte_budget)
{
	const uint64_t frame_bytes = uint64_t(clip.width) * clip.height * 4;
	uint64_t spent = 0;
	while (uploaded_ < textures_.size() && uploaded_ < clip.frames.size() &&
	       (spent == 0 || spent + frame_bytes <= byte_budget)) {
		const uint8_t *data = clip.frames[uploaded_].data();
		gs_texture_t *texture =
			gs_texture_create(uint32_t(clip.width), uint32_t(clip.height), GS_RGBA, 1, &data, 0);
		if (!texture)
			return false; // device lost or out of memory: try again next tick
		textures_[uploaded_++] = texture;
		spent += frame_bytes;
	}
	return complete();
}

void FrameTextures::destroy()
{
	for (size_t i = 0; i < uploaded_; i++)
		gs_texture_destroy(textures_[i]);
	for (gs_texture_t *&texture : textures_)
		texture = nullptr;
	uploaded_ = 0;
}

} // namespace adiff
