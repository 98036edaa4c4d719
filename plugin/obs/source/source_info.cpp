// obs_source_info for the AnimateDiff source: every libobs callback forwards to AnimateDiffSource.
#include "obs/source/animatediff_source.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/control/source_hotkeys.hpp"
#include "obs/source/source_missing_files.hpp"
#include "obs/source/source_properties.hpp"
#include "obs/control/source_scripting.hpp"
#include "obs/source/source_settings.hpp"
#include "obs/util/plugin_text.hpp"

#include <obs-module.h>

#include <cstring>

namespace adiff {
namespace {

AnimateDiffSource *self(void *data)
{
	return static_cast<AnimateDiffSource *>(data);
}

const char *get_name(void *)
{
	return T("AnimateDiff.Source");
}

void *create(obs_data_t *settings, obs_source_t *source)
{
	auto *instance = new AnimateDiffSource(settings, source);
	register_source_hotkeys(source, instance);
	register_source_scripting(source, instance); // procs and signals
	adiff_source_log(source, LOG_INFO, "created");
	return instance;
}

void destroy(void *data)
{
	// Cancels a running generation (remote cancel, bounded) and joins every thread of the source.
	delete self(data);
}

obs_properties_t *get_properties(void *data)
{
	return build_properties(self(data));
}

void media_play_pause(void *data, bool pause)
{
	self(data)->player().play_pause(pause);
}

void media_restart(void *data)
{
	self(data)->player().restart();
}

void media_stop(void *data)
{
	self(data)->player().stop();
}

int64_t media_get_duration(void *data)
{
	return self(data)->player().duration_ms();
}

int64_t media_get_time(void *data)
{
	return self(data)->player().time_ms();
}

void media_set_time(void *data, int64_t ms)
{
	self(data)->player().set_time_ms(ms);
}

enum obs_media_state media_get_state(void *data)
{
	return self(data)->player().media_state();
}

} // namespace

LiveTarget *animatediff_live_target(obs_source_t *source)
{
	if (!source || strcmp(obs_source_get_unversioned_id(source), kSourceId) != 0)
		return nullptr;
	return static_cast<AnimateDiffSource *>(obs_obj_get_data(source));
}

void register_animatediff_source()
{
	obs_source_info info = {};
	info.id = kSourceId;
	info.type = OBS_SOURCE_TYPE_INPUT;
	info.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_CUSTOM_DRAW | OBS_SOURCE_CONTROLLABLE_MEDIA | OBS_SOURCE_SRGB;
	info.icon_type = OBS_ICON_TYPE_MEDIA;
	info.get_name = get_name;
	info.create = create;
	info.destroy = destroy;
	info.get_defaults = set_source_defaults;
	info.get_properties = get_properties;
	info.update = [](void *data, obs_data_t *settings) {
		self(data)->update(settings);
	};
	info.video_tick = [](void *data, float seconds) {
		self(data)->tick(seconds);
	};
	info.video_render = [](void *data, gs_effect_t *) {
		self(data)->render();
	};
	info.get_width = [](void *data) {
		return self(data)->width();
	};
	info.get_height = [](void *data) {
		return self(data)->height();
	};
	info.media_play_pause = media_play_pause;
	info.media_restart = media_restart;
	info.media_stop = media_stop;
	info.media_get_duration = media_get_duration;
	info.media_get_time = media_get_time;
	info.media_set_time = media_set_time;
	info.media_get_state = media_get_state;
	// auto-refresh runs only while the source is on program.
	info.missing_files = [](void *data) {
		return source_missing_files(self(data)->source());
	};
	info.activate = [](void *data) {
		self(data)->live().activate();
	};
	info.deactivate = [](void *data) {
		self(data)->live().deactivate();
	};
	obs_register_source(&info);
}

} // namespace adiff
