#include "obs/control/setlist_control.hpp"

#include "core/util/text_template.hpp"
#include "obs/util/settings_keys.hpp"

#include <obs-module.h>
#include <obs.hpp>

namespace adiff {

std::vector<std::string> read_prompt_list(obs_data_t *settings)
{
	std::vector<std::string> prompts;
	OBSDataArrayAutoRelease array = obs_data_get_array(settings, keys::kPromptList);
	if (!array)
		return prompts;
	const size_t count = obs_data_array_count(array);
	for (size_t i = 0; i < count; ++i) {
		OBSDataAutoRelease item = obs_data_array_item(array, i);
		prompts.emplace_back(obs_data_get_string(item, "value"));
	}
	return prompts;
}

void write_prompt_list(obs_data_t *settings, const std::vector<std::string> &prompts)
{
	OBSDataArrayAutoRelease array = obs_data_array_create();
	for (const std::string &prompt : prompts) {
		OBSDataAutoRelease item = obs_data_create();
		obs_data_set_string(item, "value", prompt.c_str());
		obs_data_set_bool(item, "selected", false);
		obs_data_set_bool(item, "hidden", false);
		obs_data_array_push_back(array, item);
	}
	obs_data_set_array(settings, keys::kPromptList, array);
}

void SetlistControl::update(obs_data_t *settings)
{
	SetlistMode mode = SetlistMode::Off;
	// An unknown mode in a hand-edited scene file is read as off: the prompt field keeps working.
	parse_setlist_mode(obs_data_get_string(settings, keys::kPromptListMode), &mode);
	list_.configure(read_prompt_list(settings), mode);
}

int SetlistControl::overrides_for(const nlohmann::json *overrides, nlohmann::json *merged) const
{
	if (overrides && overrides->is_object() && overrides->contains("prompt"))
		return -1;
	const std::optional<SetlistPick> pick = list_.peek();
	if (!pick)
		return -1;
	*merged = overrides && overrides->is_object() ? *overrides : nlohmann::json::object();
	(*merged)["prompt"] = pick->prompt;
	return pick->index;
}

int SetlistControl::begin(int index)
{
	std::lock_guard<std::mutex> lock(mutex_);
	const int previous = pending_;
	pending_ = index;
	return previous;
}

void SetlistControl::refused(int previous)
{
	std::lock_guard<std::mutex> lock(mutex_);
	pending_ = previous;
}

void SetlistControl::on_status(const Status &status)
{
	if (!is_final(status.state))
		return;
	int index;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		index = pending_;
		pending_ = -1;
	}
	if (index >= 0 && status.state == State::Ready)
		list_.succeeded(index);
}

nlohmann::json SetlistControl::status_json() const
{
	const SetlistState state = list_.state();
	return {{"prompt_list_mode", setlist_mode_id(state.mode)},
		{"prompt_index", state.current_index},
		{"prompt_next", state.next_index},
		{"prompt_count", state.count}};
}

std::string SetlistControl::status_text() const
{
	const SetlistState state = list_.state();
	if (state.mode == SetlistMode::Off || state.count == 0)
		return {};
	return format_template(obs_module_text("Setlist.Status"),
			       {{"next", std::to_string(state.next_index + 1)},
				{"count", std::to_string(state.count)},
				{"current", state.current_index >= 0 ? std::to_string(state.current_index + 1) : "-"}});
}

void set_setlist_defaults(obs_data_t *settings)
{
	obs_data_set_default_string(settings, keys::kPromptListMode, setlist_mode_id(SetlistMode::Off));
}

void add_setlist_properties(obs_properties_t *props)
{
	obs_properties_t *group = obs_properties_create();
	obs_property_t *p = obs_properties_add_list(group, keys::kPromptListMode, obs_module_text("Setlist.Mode"),
						    OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, obs_module_text("Setlist.Mode.Off"), "off");
	obs_property_list_add_string(p, obs_module_text("Setlist.Mode.Sequential"), "sequential");
	obs_property_list_add_string(p, obs_module_text("Setlist.Mode.Shuffle"), "shuffle");
	obs_property_set_long_description(p, obs_module_text("Setlist.Mode.Description"));
	obs_properties_add_editable_list(group, keys::kPromptList, obs_module_text("Setlist.Prompts"),
					 OBS_EDITABLE_LIST_TYPE_STRINGS, nullptr, nullptr);
	obs_properties_add_group(props, "group_setlist", obs_module_text("Setlist.Group"), OBS_GROUP_NORMAL, group);
}

} // namespace adiff
