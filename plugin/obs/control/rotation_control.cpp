#include "obs/control/rotation_control.hpp"

#include "obs/util/plugin_log.hpp"
#include "obs/util/settings_keys.hpp"

#include <obs-module.h>
#include <obs.hpp>
#include <util/platform.h>

#include <filesystem>

namespace adiff {
namespace {

// A history file that is gone or empty is skipped at once (no decode attempt, no stall).
bool file_usable(const std::string &path)
{
	std::error_code ec;
	return std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) > 0 && !ec;
}

} // namespace

RotationControl::RotationControl(obs_source_t *source) : source_(source), rotation_(file_usable) {}

void RotationControl::update(obs_data_t *settings)
{
	RotateOrder order = RotateOrder::Sequential;
	parse_rotate_order(obs_data_get_string(settings, keys::kRotateOrder), &order);
	std::lock_guard<std::mutex> lock(mutex_);
	rotation_.configure(int(obs_data_get_int(settings, keys::kRotateSeconds)), order);
}

bool RotationControl::enabled() const
{
	std::lock_guard<std::mutex> lock(mutex_);
	return rotation_.seconds() > 0;
}

std::vector<std::string> RotationControl::tick(bool showing, const std::vector<std::string> &history,
					       const std::string &playing)
{
	std::optional<std::string> next_clip;
	std::vector<std::string> skipped;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		rotation_.set_clips(history, playing);
		next_clip = rotation_.tick(os_gettime_ns(), showing);
		skipped = rotation_.take_skipped();
	}
	for (const std::string &path : skipped)
		adiff_source_log(source_, LOG_WARNING, "rotation: skipped %s (missing or damaged)", path.c_str());
	if (next_clip) {
		adiff_source_log(source_, LOG_INFO, "rotation: playing %s", next_clip->c_str());
		play(source_, *next_clip);
	}
	return skipped;
}

void RotationControl::clip_started(const std::string &path)
{
	std::lock_guard<std::mutex> lock(mutex_);
	rotation_.playing(path, os_gettime_ns());
}

void RotationControl::clip_failed(const std::string &path)
{
	std::lock_guard<std::mutex> lock(mutex_);
	rotation_.mark_damaged(path);
}

std::optional<std::string> RotationControl::next(const std::vector<std::string> &history, const std::string &playing)
{
	return move(history, playing, &ClipRotation::next);
}

std::optional<std::string> RotationControl::previous(const std::vector<std::string> &history,
						     const std::string &playing)
{
	return move(history, playing, &ClipRotation::previous);
}

// Picks under the lock, plays outside it: the update it starts reaches clip_started, which takes the lock.
std::optional<std::string> RotationControl::move(const std::vector<std::string> &history, const std::string &playing,
						 std::optional<std::string> (ClipRotation::*pick)())
{
	std::optional<std::string> clip;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		rotation_.set_clips(history, playing);
		clip = (rotation_.*pick)();
		if (clip)
			rotation_.playing(*clip, os_gettime_ns());
	}
	if (clip)
		play(source_, *clip);
	return clip;
}

void RotationControl::play(obs_source_t *source, const std::string &path)
{
	OBSDataAutoRelease data = obs_data_create();
	obs_data_set_string(data, keys::kClipPath, path.c_str());
	obs_source_update(source, data);
}

void set_rotation_defaults(obs_data_t *settings)
{
	obs_data_set_default_int(settings, keys::kRotateSeconds, 0);
	obs_data_set_default_string(settings, keys::kRotateOrder, rotate_order_id(RotateOrder::Sequential));
}

void add_rotation_properties(obs_properties_t *props)
{
	obs_properties_t *group = obs_properties_create();
	obs_property_t *p =
		obs_properties_add_int(group, keys::kRotateSeconds, obs_module_text("Rotate.Seconds"), 0, 3600, 1);
	obs_property_int_set_suffix(p, " s");
	obs_property_set_long_description(p, obs_module_text("Rotate.Seconds.Description"));
	p = obs_properties_add_list(group, keys::kRotateOrder, obs_module_text("Rotate.Order"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, obs_module_text("Rotate.Order.Sequential"), "sequential");
	obs_property_list_add_string(p, obs_module_text("Rotate.Order.Shuffle"), "shuffle");
	obs_properties_add_group(props, "group_rotation", obs_module_text("Rotate.Group"), OBS_GROUP_NORMAL, group);
}

} // namespace adiff
