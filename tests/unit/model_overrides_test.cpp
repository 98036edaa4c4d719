// Model inputs from JSON someone else wrote (script overrides, websocket requests, scene files): nulls,
// wrong types and non-integral counts are refused and named, never defaulted or truncated.
#include "core/config/model_overrides.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

using nlohmann::json;

JsonFieldError refused(const json &object, UnknownKeys unknown = UnknownKeys::Refuse)
{
	ModelParams params = default_params();
	JsonFieldError error;
	EXPECT_FALSE(apply_model_json(object, unknown, &params, &error)) << object.dump();
	return error;
}

TEST(ModelOverrides, NullIsRefusedNamingTheFieldNotReplacedByTheDefault)
{
	for (const char *field : {"prompt", "n_prompt", "path", "motion_module", "steps", "guidance_scale", "seed"}) {
		const JsonFieldError error = refused({{field, nullptr}});
		EXPECT_EQ(error.field, field);
		EXPECT_NE(error.detail().find("null"), std::string::npos) << error.detail();
	}
}

TEST(ModelOverrides, WrongTypesAreRefusedNamingTheField)
{
	EXPECT_EQ(refused({{"prompt", 5}}).field, "prompt");
	EXPECT_EQ(refused({{"prompt", json::array({"a"})}}).field, "prompt");
	EXPECT_EQ(refused({{"n_prompt", false}}).field, "n_prompt");
	EXPECT_EQ(refused({{"steps", "20"}}).field, "steps");
	EXPECT_EQ(refused({{"seed", "12345"}}).field, "seed");
	EXPECT_EQ(refused({{"seed", true}}).field, "seed");
	EXPECT_EQ(refused({{"guidance_scale", "7.5"}}).field, "guidance_scale");
	EXPECT_EQ(refused({{"path", json::object()}}).field, "path");
}

TEST(ModelOverrides, NonIntegralStepsAndSeedAreRefusedNotTruncated)
{
	const JsonFieldError steps = refused({{"steps", 20.7}});
	EXPECT_EQ(steps.field, "steps");
	EXPECT_NE(steps.problem.find("20.7"), std::string::npos) << steps.problem;
	EXPECT_EQ(refused({{"seed", 42.5}}).field, "seed");
	EXPECT_EQ(refused({{"seed", 1e30}}).field, "seed");
	EXPECT_EQ(refused({{"seed", 18446744073709551615ull}}).field, "seed");
	EXPECT_EQ(refused(json::parse(R"({"steps": NaN})", nullptr, false)).field, "overrides"); // not JSON at all
}

TEST(ModelOverrides, ValidValuesAreApplied)
{
	ModelParams params = default_params();
	JsonFieldError error;
	const json object = {{"prompt", "a red fox"},
			     {"steps", 20.0},
			     {"seed", 4242},
			     {"guidance_scale", 8},
			     {"motion_module", "mm_sd_v15"}};
	ASSERT_TRUE(apply_model_json(object, UnknownKeys::Refuse, &params, &error)) << error.detail();
	EXPECT_EQ(params.prompt, "a red fox");
	EXPECT_EQ(params.steps, 20); // 20.0 is the integer 20 in JSON
	EXPECT_EQ(params.seed, 4242);
	EXPECT_DOUBLE_EQ(params.guidance_scale, 8.0);
	EXPECT_EQ(params.motion_module, "mm_sd_v15");
	EXPECT_EQ(params.path, default_params().path); // untouched
}

TEST(ModelOverrides, UnknownKeysAreRefusedInOverridesAndIgnoredInSettings)
{
	EXPECT_EQ(refused({{"width", 1024}}).field, "width");
	// An empty key is named too (found by the settings fuzzer): the refusal must say which field.
	EXPECT_EQ(refused({{"", 1}}).field, "\"\"");
	ModelParams params = default_params();
	JsonFieldError error;
	EXPECT_TRUE(apply_model_json({{"speed", 100}, {"clip_history", json::array()}, {"steps", 30}},
				     UnknownKeys::Ignore, &params, &error));
	EXPECT_EQ(params.steps, 30);
	// Ignored keys are not model inputs; the model inputs among them are still strict.
	EXPECT_EQ(refused({{"speed", 100}, {"steps", 20.7}}, UnknownKeys::Ignore).field, "steps");
}

TEST(ModelOverrides, OverridesTextMustBeAJsonObject)
{
	ModelParams params = default_params();
	JsonFieldError error;
	EXPECT_TRUE(apply_model_overrides_text("", &params, &error));
	for (const char *text : {"null", "[]", "\"prompt\"", "{steps:", "{\"prompt\": \"\xff\"}"}) {
		EXPECT_FALSE(apply_model_overrides_text(text, &params, &error)) << text;
		EXPECT_EQ(error.field, "overrides") << text;
	}
	EXPECT_FALSE(apply_model_overrides_text(R"({"prompt": null})", &params, &error));
	EXPECT_EQ(error.field, "prompt");
}

} // namespace
} // namespace adiff
