// Presses (and releases) a source's hotkey by name through libobs's hotkey API, as a bound key would.
#pragma once

#include <gtest/gtest.h>
#include <obs.h>

#include <cstring>

namespace adiff::test {

inline void press_source_hotkey(const char *name)
{
	struct Find {
		const char *name;
		obs_hotkey_id id;
		bool found;
	} find = {name, 0, false};
	obs_enum_hotkeys(
		[](void *data, obs_hotkey_id id, obs_hotkey_t *key) {
			auto *f = static_cast<Find *>(data);
			if (obs_hotkey_get_registerer_type(key) == OBS_HOTKEY_REGISTERER_SOURCE &&
			    strcmp(obs_hotkey_get_name(key), f->name) == 0) {
				f->id = id;
				f->found = true;
				return false;
			}
			return true;
		},
		&find);
	ASSERT_TRUE(find.found) << "hotkey " << name << " is not registered";
	obs_hotkey_enable_callback_rerouting(true);
	obs_hotkey_trigger_routed_callback(find.id, true);
	obs_hotkey_trigger_routed_callback(find.id, false);
}

} // namespace adiff::test
