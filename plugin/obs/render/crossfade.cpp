#include "obs/render/crossfade.hpp"

#include "obs/util/plugin_log.hpp"
#include "obs/render/technique_pass.hpp"

#include <obs-module.h>

namespace adiff {

CrossfadeEffect::~CrossfadeEffect()
{
	if (!effect_)
		return;
	obs_enter_graphics();
	gs_effect_destroy(effect_);
	obs_leave_graphics();
}

bool CrossfadeEffect::load()
{
	if (effect_)
		return true;
	if (load_failed_)
		return false;
	load_failed_ = true;
	char *path = obs_module_file("effects/crossfade.effect");
	if (!path) {
		adiff_log(LOG_WARNING, "%s not found; clips will cut instead of fading", "effects/crossfade.effect");
		return false;
	}
	char *errors = nullptr;
	effect_ = gs_effect_create_from_file(path, &errors);
	if (!effect_)
		adiff_log(LOG_WARNING, "could not load %s: %s", path, errors ? errors : "(no details)");
	bfree(errors);
	bfree(path);
	if (!effect_)
		return false;
	image_ = gs_effect_get_param_by_name(effect_, "image");
	previous_image_ = gs_effect_get_param_by_name(effect_, "previous_image");
	opacity_ = gs_effect_get_param_by_name(effect_, "opacity");
	load_failed_ = false;
	return true;
}

bool CrossfadeEffect::draw(gs_texture_t *from, gs_texture_t *to, float opacity, uint32_t width, uint32_t height)
{
	if (!load())
		return false;
	gs_effect_set_texture(image_, to);
	gs_effect_set_texture(previous_image_, from);
	gs_effect_set_float(opacity_, opacity);
	TechniquePass pass(effect_, "Draw");
	gs_draw_sprite(to, 0, width, height);
	return true;
}

} // namespace adiff
