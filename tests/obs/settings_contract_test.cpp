// The settings keys are a public contract (scripts, obs-websocket's SetInputSettings, saved scene
// collections). This test holds the list a release has promised: a key renamed or dropped in
// obs/util/settings_keys.hpp, a stored panel value or default added without joining the list, or a key
// missing from the README's settings table fails here.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace adiff::test {
namespace {

// Every key a scene collection may hold. Append only: never rename or remove one.
const std::set<std::string> kContract = {
	"prompt",
	"n_prompt",
	"path",
	"motion_module",
	"steps",
	"guidance_scale",
	"seed",
	"backend",
	"api_base_url",
	"model_version",
	"deployment",
	"api_token",
	"loop_mode",
	"speed",
	"crossfade_ms",
	"pause_when_hidden",
	"memory_budget_mb",
	"smoothing",
	"smooth_fps",
	"clip_path",
	"clip_history",
	"history_max_clips",
	"history_max_mb",
	"refresh_minutes",
	"generate_on_activate",
	"min_trigger_interval_s",
	"prompt_list",
	"prompt_list_mode",
	"rotate_seconds",
	"rotate_order",
};

// Panel controls that store nothing a user set: buttons, read-only lines, the clip picker (playing a
// pick writes clip_path).
const std::set<std::string> kPanelOnly = {"generate", "cancel", "status", "token_status", "history"};

class SettingsContract : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override { EXPECT_EQ(env_.shutdown_and_count_leaks(), 0); }
	ObsEnv env_;
};

void collect_stored(obs_properties_t *props, std::set<std::string> *out)
{
	for (obs_property_t *p = obs_properties_first(props); p; obs_property_next(&p)) {
		const obs_property_type type = obs_property_get_type(p);
		if (type == OBS_PROPERTY_GROUP) {
			collect_stored(obs_property_group_content(p), out);
			continue;
		}
		const bool info = type == OBS_PROPERTY_TEXT && obs_property_text_type(p) == OBS_TEXT_INFO;
		if (type != OBS_PROPERTY_BUTTON && !info && !kPanelOnly.count(obs_property_name(p)))
			out->insert(obs_property_name(p));
	}
}

std::set<std::string> readme_settings_keys()
{
	std::ifstream in(std::string(ADIFF_SOURCE_DIR) + "/README.md");
	std::stringstream text;
	text << in.rdbuf();
	const std::string readme = text.str();
	const size_t start = readme.find("## Settings keys");
	const size_t end = readme.find("\n## ", start + 1);
	std::set<std::string> keys;
	if (start == std::string::npos)
		return keys;
	std::istringstream table(readme.substr(start, end - start));
	const std::regex key("`([a-z_]+)`");
	for (std::string line; std::getline(table, line);) {
		if (line.rfind("| `", 0) != 0)
			continue;
		const std::string first_column = line.substr(0, line.find(" |", 2));
		for (std::sregex_iterator it(first_column.begin(), first_column.end(), key), e; it != e; ++it)
			keys.insert((*it)[1]);
	}
	return keys;
}

TEST_F(SettingsContract, EveryPanelValueIsAPromisedKey)
{
	SourcePtr source = create_animatediff();
	ASSERT_TRUE(source);
	PropertiesPtr props(obs_source_properties(source.get()));
	std::set<std::string> stored;
	collect_stored(props.get(), &stored);
	for (const std::string &name : stored)
		EXPECT_TRUE(kContract.count(name)) << "panel value '" << name << "' is not in the settings contract";
	// The panel edits every promised key a person sets by hand (the rest are written by the plugin).
	for (const char *name : {"prompt", "model_version", "deployment", "prompt_list", "rotate_seconds", "smoothing"})
		EXPECT_TRUE(stored.count(name)) << name << " is not on the panel";
}

TEST_F(SettingsContract, EveryDefaultIsAPromisedKey)
{
	DataPtr defaults(obs_get_source_defaults("animatediff_source"));
	ASSERT_TRUE(defaults);
	size_t count = 0;
	for (obs_data_item_t *item = obs_data_first(defaults.get()); item; obs_data_item_next(&item)) {
		++count;
		EXPECT_TRUE(kContract.count(obs_data_item_get_name(item)))
			<< "default '" << obs_data_item_get_name(item) << "' is not in the settings contract";
	}
	EXPECT_GT(count, 20u);
}

TEST_F(SettingsContract, TheReadmeDocumentsEveryKey)
{
	const std::set<std::string> documented = readme_settings_keys();
	ASSERT_FALSE(documented.empty()) << "no settings table in README.md";
	for (const std::string &name : kContract)
		EXPECT_TRUE(documented.count(name)) << "'" << name << "' is missing from README.md's settings table";
	for (const std::string &name : documented)
		EXPECT_TRUE(kContract.count(name)) << "README.md documents '" << name << "', not a settings key";
}

} // namespace
} // namespace adiff::test
