#include "obs/render/playing_clip.hpp"

#include "obs/render/crossfade.hpp"
#include "obs/render/technique_pass.hpp"

#include <obs.h>

namespace adiff {
namespace {

// Below this the second frame adds nothing visible; drawing one texture is cheaper.
constexpr float kMinMix = 1.0f / 512.0f;

} // namespace

void PlayingClip::select_frames(LoopMode loop, SmoothingMode smoothing)
{
	const int64_t position = clock.position_us();
	if (smoothing == SmoothingMode::Off) {
		shown = {plain.textures.at(plain.timeline.frame_at(position, loop)), nullptr, 0.0f, false};
		return;
	}
	const bool use_smooth = smoothing == SmoothingMode::Motion && smooth && smooth->textures.complete();
	const FrameSet &set = use_smooth ? *smooth : plain;
	// Content time from the plain timeline: both sets cover the same duration, so one clock means one
	// instant of the clip whichever set is drawn.
	const int64_t content = plain.timeline.content_us(position, loop);
	const FrameMix mix = set.timeline.mix_at(content, loop == LoopMode::Loop);
	shown.from = set.textures.at(mix.from);
	shown.to = set.textures.at(mix.to);
	shown.amount = mix.amount;
	shown.smoothed = use_smooth;
	// Interpolated frames are mixed too: OBS's frame times do not fall on theirs, and showing the one at or
	// before the instant repeats one now and then and skips the next (a test sampling every phase sees it).
	// The mix is the second texture that makes motion's steady loop cost more than `off` on llvmpipe.
}

void PlayingClip::draw(CrossfadeEffect &blend) const
{
	if (shown.to && shown.to != shown.from && shown.amount >= kMinMix &&
	    blend.draw(shown.from, shown.to, shown.amount, width, height))
		return;
	draw_texture(shown.from, width, height);
}

std::shared_ptr<const DecodedClip> PlayingClip::upload_smooth(uint64_t byte_budget)
{
	if (!smooth_pending || !smooth_pending->textures.upload_some(*smooth_pending->frames, byte_budget))
		return nullptr;
	if (smooth)
		smooth->textures.destroy();
	smooth = std::move(smooth_pending);
	return std::move(smooth->frames);
}

std::shared_ptr<const DecodedClip> PlayingClip::drop_smooth()
{
	std::shared_ptr<const DecodedClip> held;
	for (std::unique_ptr<FrameSet> *set : {&smooth, &smooth_pending}) {
		if (!*set)
			continue;
		(*set)->textures.destroy();
		if ((*set)->frames)
			held = std::move((*set)->frames);
		set->reset();
	}
	return held;
}

std::shared_ptr<const DecodedClip> PlayingClip::destroy()
{
	plain.textures.destroy();
	std::shared_ptr<const DecodedClip> held = drop_smooth();
	return held ? held : std::move(plain.frames);
}

void draw_texture(gs_texture_t *texture, uint32_t width, uint32_t height)
{
	gs_effect_t *effect = obs_get_base_effect(OBS_EFFECT_DEFAULT);
	gs_effect_set_texture(gs_effect_get_param_by_name(effect, "image"), texture);
	TechniquePass pass(effect, "Draw");
	gs_draw_sprite(texture, 0, width, height);
}

} // namespace adiff
