#include "obs/render/placeholder.hpp"
#include "obs/render/technique_pass.hpp"

#include <obs.h>

namespace adiff {
namespace {

void set_colour(gs_eparam_t *param, uint32_t rgb)
{
	vec4 colour;
	vec4_set(&colour, float((rgb >> 16) & 0xff) / 255.0f, float((rgb >> 8) & 0xff) / 255.0f,
		 float(rgb & 0xff) / 255.0f, 1.0f);
	gs_effect_set_vec4(param, &colour);
}

void fill_rect(float x, float y, uint32_t w, uint32_t h)
{
	gs_matrix_push();
	gs_matrix_translate3f(x, y, 0.0f);
	gs_draw_sprite(nullptr, 0, w, h);
	gs_matrix_pop();
}

} // namespace

void draw_placeholder()
{
	gs_effect_t *solid = obs_get_base_effect(OBS_EFFECT_SOLID);
	gs_eparam_t *colour = gs_effect_get_param_by_name(solid, "color");

	gs_blend_state_push();
	gs_blend_function(GS_BLEND_ONE, GS_BLEND_ZERO); // opaque: the placeholder replaces what is below
	{
		TechniquePass pass(solid, "Solid");

		set_colour(colour, kPlaceholderBackground);
		gs_effect_update_params(solid);
		fill_rect(0.0f, 0.0f, kPlaceholderSize, kPlaceholderSize);

		set_colour(colour, kPlaceholderGridLine);
		gs_effect_update_params(solid);
		for (uint32_t at = kPlaceholderGridStep; at < kPlaceholderSize; at += kPlaceholderGridStep) {
			fill_rect(float(at - 1), 0.0f, 2, kPlaceholderSize);
			fill_rect(0.0f, float(at - 1), kPlaceholderSize, 2);
		}
	}
	gs_blend_state_pop();
}

} // namespace adiff
