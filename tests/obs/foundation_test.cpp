// The plugin as OBS sees it: module, source, properties panel, locales, first render, no leaks.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace adiff::test {
namespace {

const char *kSourceId = "animatediff_source";

std::vector<std::string> list_values(obs_property_t *p)
{
	std::vector<std::string> values;
	for (size_t i = 0; i < obs_property_list_item_count(p); i++)
		values.emplace_back(obs_property_list_item_string(p, i));
	return values;
}

TEST(Foundation, ModuleLoadsAndSourceIsCreatedById)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	SourcePtr source = create_animatediff();
	ASSERT_TRUE(source);
	EXPECT_STREQ(obs_source_get_id(source.get()), kSourceId);
	EXPECT_EQ(obs_source_get_type(source.get()), OBS_SOURCE_TYPE_INPUT);
	const uint32_t flags = obs_source_get_output_flags(source.get());
	EXPECT_TRUE(flags & OBS_SOURCE_VIDEO);
	EXPECT_TRUE(flags & OBS_SOURCE_CONTROLLABLE_MEDIA);
	EXPECT_FALSE(flags & OBS_SOURCE_ASYNC) << "playback must be synchronous (textures), not the async path";
}

TEST(Foundation, DefaultsEqualTheModels)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	SourcePtr source = create_animatediff();
	DataPtr settings = source_settings(source.get());
	obs_data_t *s = settings.get();
	EXPECT_STREQ(obs_data_get_string(s, "path"), "toonyou_beta3.safetensors");
	EXPECT_STREQ(obs_data_get_string(s, "motion_module"), "mm_sd_v14");
	EXPECT_EQ(obs_data_get_int(s, "steps"), 25);
	EXPECT_DOUBLE_EQ(obs_data_get_double(s, "guidance_scale"), 7.5);
	EXPECT_EQ(obs_data_get_int(s, "seed"), 0);
	EXPECT_STREQ(obs_data_get_string(s, "n_prompt"), "");
	EXPECT_NE(std::string(obs_data_get_string(s, "prompt")).find("masterpiece"), std::string::npos);
	EXPECT_STREQ(obs_data_get_string(s, "backend"), "replicate");
	EXPECT_STREQ(obs_data_get_string(s, "api_base_url"), "https://api.replicate.com/v1");
	EXPECT_STREQ(obs_data_get_string(s, "model_version"),
		     "lucataco/animate-diff:beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f");
	EXPECT_STREQ(obs_data_get_string(s, "loop_mode"), "loop");
	EXPECT_EQ(obs_data_get_int(s, "speed"), 100);
	EXPECT_EQ(obs_data_get_int(s, "crossfade_ms"), 500);
	EXPECT_TRUE(obs_data_get_bool(s, "pause_when_hidden"));
}

TEST(Foundation, PropertiesPanelHasEveryInputWithTheModelsRanges)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	SourcePtr source = create_animatediff();
	PropertiesPtr props(obs_source_properties(source.get()));
	ASSERT_TRUE(props);
	obs_properties_t *p = props.get();

	auto get = [&](const char *name) {
		obs_property_t *prop = obs_properties_get(p, name);
		EXPECT_TRUE(prop) << "missing property " << name;
		return prop;
	};

	obs_property_t *prompt = get("prompt");
	ASSERT_TRUE(prompt);
	EXPECT_EQ(obs_property_get_type(prompt), OBS_PROPERTY_TEXT);
	EXPECT_EQ(obs_property_text_type(prompt), OBS_TEXT_MULTILINE);
	obs_property_t *n_prompt = get("n_prompt");
	ASSERT_TRUE(n_prompt);
	EXPECT_EQ(obs_property_text_type(n_prompt), OBS_TEXT_MULTILINE);

	obs_property_t *path = get("path");
	ASSERT_TRUE(path);
	EXPECT_EQ(obs_property_get_type(path), OBS_PROPERTY_LIST);
	EXPECT_EQ(list_values(path),
		  (std::vector<std::string>{"toonyou_beta3.safetensors", "lyriel_v16.safetensors",
					    "rcnzCartoon3d_v10.safetensors", "majicmixRealistic_v5Preview.safetensors",
					    "realisticVisionV40_v20Novae.safetensors"}));
	obs_property_t *motion = get("motion_module");
	ASSERT_TRUE(motion);
	EXPECT_EQ(list_values(motion), (std::vector<std::string>{"mm_sd_v14", "mm_sd_v15", "mm_sd_v15_v2"}));

	obs_property_t *steps = get("steps");
	ASSERT_TRUE(steps);
	EXPECT_EQ(obs_property_get_type(steps), OBS_PROPERTY_INT);
	EXPECT_EQ(obs_property_int_min(steps), 1);
	EXPECT_EQ(obs_property_int_max(steps), 100);

	obs_property_t *guidance = get("guidance_scale");
	ASSERT_TRUE(guidance);
	EXPECT_EQ(obs_property_get_type(guidance), OBS_PROPERTY_FLOAT);
	EXPECT_DOUBLE_EQ(obs_property_float_min(guidance), 1.0);
	EXPECT_DOUBLE_EQ(obs_property_float_max(guidance), 10.0);
	EXPECT_LE(obs_property_float_step(guidance), 0.1 + 1e-9);

	obs_property_t *seed = get("seed");
	ASSERT_TRUE(seed);
	EXPECT_EQ(obs_property_get_type(seed), OBS_PROPERTY_INT);
	EXPECT_EQ(obs_property_int_min(seed), 0);
	EXPECT_EQ(obs_property_int_max(seed), 2147483647);
	EXPECT_NE(std::string(obs_property_long_description(seed)).find("0"), std::string::npos);

	obs_property_t *backend = get("backend");
	ASSERT_TRUE(backend);
	EXPECT_EQ(list_values(backend), (std::vector<std::string>{"replicate", "cog"}));
	for (const char *name : {"api_base_url", "model_version"}) {
		obs_property_t *text = get(name);
		ASSERT_TRUE(text);
		EXPECT_EQ(obs_property_text_type(text), OBS_TEXT_DEFAULT) << name;
	}
	obs_property_t *token = get("api_token");
	ASSERT_TRUE(token);
	EXPECT_EQ(obs_property_text_type(token), OBS_TEXT_PASSWORD);

	for (const char *name : {"generate", "cancel"}) {
		obs_property_t *button = get(name);
		ASSERT_TRUE(button);
		EXPECT_EQ(obs_property_get_type(button), OBS_PROPERTY_BUTTON) << name;
	}
	obs_property_t *status = get("status");
	ASSERT_TRUE(status);
	EXPECT_EQ(obs_property_text_type(status), OBS_TEXT_INFO);

	obs_property_t *loop = get("loop_mode");
	ASSERT_TRUE(loop);
	EXPECT_EQ(list_values(loop), (std::vector<std::string>{"loop", "pingpong"}));
	obs_property_t *speed = get("speed");
	ASSERT_TRUE(speed);
	EXPECT_EQ(obs_property_int_min(speed), 10);
	EXPECT_EQ(obs_property_int_max(speed), 400);
	obs_property_t *crossfade = get("crossfade_ms");
	ASSERT_TRUE(crossfade);
	EXPECT_EQ(obs_property_int_min(crossfade), 0);
	EXPECT_EQ(obs_property_int_max(crossfade), 5000);
	EXPECT_TRUE(get("pause_when_hidden"));
	EXPECT_TRUE(get("history"));

	// The panel is grouped so it reads well: model / backend / playback.
	for (const char *group : {"group_model", "group_backend", "group_playback"}) {
		obs_property_t *g = get(group);
		ASSERT_TRUE(g);
		EXPECT_EQ(obs_property_get_type(g), OBS_PROPERTY_GROUP) << group;
	}
}

// Every label a user sees resolves to text (obs_module_text returns the key itself when it is missing).
void expect_labels_translated(obs_properties_t *props, const char *locale)
{
	for (obs_property_t *p = obs_properties_first(props); p; obs_property_next(&p)) {
		const std::string name = obs_property_name(p);
		const char *desc = obs_property_description(p);
		ASSERT_TRUE(desc) << name;
		const std::string text = desc;
		EXPECT_FALSE(text.empty()) << name << " in " << locale;
		EXPECT_EQ(text.find("Group."), std::string::npos) << name << ": untranslated '" << text << "'";
		if (obs_property_get_type(p) == OBS_PROPERTY_GROUP)
			expect_labels_translated(obs_property_group_content(p), locale);
	}
}

TEST(Foundation, DisplayNameAndLabelsResolveInEnglish)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	EXPECT_STREQ(obs_source_get_display_name(kSourceId), "AnimateDiff Loop");
	SourcePtr source = create_animatediff();
	PropertiesPtr props(obs_source_properties(source.get()));
	expect_labels_translated(props.get(), "en-US");
	EXPECT_STREQ(obs_property_description(obs_properties_get(props.get(), "prompt")), "Prompt");
}

TEST(Foundation, DisplayNameAndLabelsResolveInChinese)
{
	ObsEnvOptions options;
	options.locale = "zh-CN";
	ObsEnv env(options);
	ASSERT_TRUE(env.ok()) << env.error();
	EXPECT_STREQ(obs_source_get_display_name(kSourceId), "AnimateDiff 循环动画");
	SourcePtr source = create_animatediff();
	PropertiesPtr props(obs_source_properties(source.get()));
	expect_labels_translated(props.get(), "zh-CN");
	EXPECT_STREQ(obs_property_description(obs_properties_get(props.get(), "prompt")), "提示词");
}

TEST(Foundation, RendersTheNeutralPlaceholderAt512BeforeAnyClip)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	SourcePtr source = create_animatediff();
	EXPECT_EQ(obs_source_get_width(source.get()), 512u);
	EXPECT_EQ(obs_source_get_height(source.get()), 512u);
	Pixels pixels = render_source(source.get(), 512, 512);
	ASSERT_EQ(pixels.width, 512u);
	// Neutral: fully opaque, not black, not garbage: the centre and the corners are opaque and the
	// image is not a single black fill.
	const uint32_t centre = pixels.rgba_at(256, 256);
	EXPECT_EQ(centre & 0xff, 0xffu) << colour_hex(centre);
	EXPECT_NE(centre & 0xffffff00, 0u) << "placeholder is black";
	for (auto [x, y] : {std::pair{0u, 0u}, {511u, 0u}, {0u, 511u}, {511u, 511u}})
		EXPECT_EQ(pixels.rgba_at(x, y) & 0xff, 0xffu) << x << "," << y;
}

TEST(Foundation, TokenTypedIntoTheFieldMovesToAPrivateFileAndLeavesTheSettings)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	const std::string secret = "r8_FoundationTestToken1234";
	SourcePtr source = create_animatediff(R"({"api_token": ")" + secret + R"("})");
	DataPtr settings = source_settings(source.get());
	EXPECT_STREQ(obs_data_get_string(settings.get(), "api_token"), "");
	const std::string saved = obs_data_get_json(settings.get());
	EXPECT_EQ(saved.find(secret), std::string::npos) << "token left in the saved settings";

	const std::string token_file = env.plugin_config_dir() + "/tokens.json";
	struct stat st = {};
	ASSERT_EQ(stat(token_file.c_str(), &st), 0) << token_file;
	EXPECT_EQ(st.st_mode & 0777, 0600u);
	std::ifstream in(token_file);
	std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
	EXPECT_NE(contents.find(secret), std::string::npos);

	// The panel then says a token is saved, masked to at most the last 4 characters.
	PropertiesPtr props(obs_source_properties(source.get()));
	const std::string token_status = obs_property_description(obs_properties_get(props.get(), "token_status"));
	EXPECT_NE(token_status.find("1234"), std::string::npos) << token_status;
	EXPECT_EQ(token_status.find("Token1234"), std::string::npos) << token_status;
}

TEST(Foundation, NothingLeaksAfterShutdown)
{
	ObsEnv env;
	ASSERT_TRUE(env.ok()) << env.error();
	{
		SourcePtr source = create_animatediff();
		PropertiesPtr props(obs_source_properties(source.get()));
		render_source(source.get(), 512, 512);
	}
	EXPECT_EQ(env.shutdown_and_count_leaks(), 0);
}

} // namespace
} // namespace adiff::test
