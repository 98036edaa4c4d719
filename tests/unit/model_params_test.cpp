// The model's inputs: defaults, choice lists and the strict validation that keeps bad values local.
#include "core/config/model_params.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

namespace adiff::test {
namespace {

// The single problem validate() found, or a failure naming what it found instead.
InvalidField only_problem(const ModelParams &params)
{
	const std::vector<InvalidField> problems = validate(params);
	EXPECT_EQ(problems.size(), 1u);
	return problems.empty() ? InvalidField{} : problems.front();
}

TEST(ModelParams, DefaultsAreTheModelsDefaults)
{
	const ModelParams params = default_params();
	EXPECT_EQ(params.path, "toonyou_beta3.safetensors");
	EXPECT_EQ(params.motion_module, "mm_sd_v14");
	EXPECT_EQ(params.steps, 25);
	EXPECT_DOUBLE_EQ(params.guidance_scale, 7.5);
	EXPECT_EQ(params.seed, 0);
	EXPECT_EQ(params.n_prompt, "");
	EXPECT_EQ(params.prompt, "masterpiece, best quality, 1girl, solo, cherry blossoms, hanami, pink flower, "
				 "white flower, spring season, wisteria, petals, flower, plum blossoms, outdoors, "
				 "falling petals, white hair, black eyes");
	EXPECT_EQ(params.prompt, model::default_prompt());
	EXPECT_TRUE(validate(params).empty());
}

TEST(ModelParams, ChoiceListsAreExactlyTheModels)
{
	EXPECT_EQ(model::base_models(),
		  (std::vector<std::string>{"toonyou_beta3.safetensors", "lyriel_v16.safetensors",
					    "rcnzCartoon3d_v10.safetensors", "majicmixRealistic_v5Preview.safetensors",
					    "realisticVisionV40_v20Novae.safetensors"}));
	EXPECT_EQ(model::motion_modules(), (std::vector<std::string>{"mm_sd_v14", "mm_sd_v15", "mm_sd_v15_v2"}));
}

TEST(ModelParams, EveryChoiceIsAccepted)
{
	for (const std::string &path : model::base_models()) {
		for (const std::string &module : model::motion_modules()) {
			ModelParams params = default_params();
			params.path = path;
			params.motion_module = module;
			EXPECT_TRUE(validate(params).empty()) << path << " + " << module;
		}
	}
}

TEST(ModelParams, UnknownChoicesAreRejectedWithTheAllowedList)
{
	ModelParams params = default_params();
	params.path = "toonyou_beta3"; // missing extension: a typical hand-edit
	InvalidField problem = only_problem(params);
	EXPECT_EQ(problem.field, "path");
	EXPECT_EQ(problem.value, "toonyou_beta3");
	EXPECT_NE(problem.allowed.find("realisticVisionV40_v20Novae.safetensors"), std::string::npos);

	params = default_params();
	params.motion_module = "MM_SD_V14"; // the server compares exactly
	problem = only_problem(params);
	EXPECT_EQ(problem.field, "motion_module");
	EXPECT_EQ(problem.value, "MM_SD_V14");
	EXPECT_EQ(problem.allowed, "mm_sd_v14, mm_sd_v15, mm_sd_v15_v2");

	params = default_params();
	params.path = "";
	EXPECT_EQ(only_problem(params).field, "path");
}

TEST(ModelParams, StepsEdges)
{
	ModelParams params = default_params();
	for (int64_t ok : {1, 2, 99, 100}) {
		params.steps = ok;
		EXPECT_TRUE(validate(params).empty()) << ok;
	}
	for (int64_t bad : {int64_t(0), int64_t(101), int64_t(-1), int64_t(1) << 40}) {
		params.steps = bad;
		const InvalidField problem = only_problem(params);
		EXPECT_EQ(problem.field, "steps");
		EXPECT_EQ(problem.value, std::to_string(bad));
		EXPECT_EQ(problem.allowed, "1-100");
	}
}

TEST(ModelParams, GuidanceEdges)
{
	ModelParams params = default_params();
	for (double ok : {1.0, 10.0, 5.25}) {
		params.guidance_scale = ok;
		EXPECT_TRUE(validate(params).empty()) << ok;
	}
	for (double bad : {std::nextafter(1.0, 0.0), std::nextafter(10.0, 11.0), 0.0, -7.5, 10.5}) {
		params.guidance_scale = bad;
		const InvalidField problem = only_problem(params);
		EXPECT_EQ(problem.field, "guidance_scale");
		EXPECT_EQ(problem.allowed, "1-10");
	}
	params.guidance_scale = 0.5;
	EXPECT_EQ(only_problem(params).value, "0.5");
}

TEST(ModelParams, GuidanceNanAndInfinityRejected)
{
	ModelParams params = default_params();
	for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
			   -std::numeric_limits<double>::infinity()}) {
		params.guidance_scale = bad;
		EXPECT_EQ(only_problem(params).field, "guidance_scale") << bad;
	}
}

TEST(ModelParams, SeedEdges)
{
	ModelParams params = default_params();
	for (int64_t ok : {int64_t(0), int64_t(1), int64_t(2147483647)}) {
		params.seed = ok;
		EXPECT_TRUE(validate(params).empty()) << ok;
	}
	for (int64_t bad : {int64_t(-1), int64_t(2147483648)}) {
		params.seed = bad;
		const InvalidField problem = only_problem(params);
		EXPECT_EQ(problem.field, "seed");
		EXPECT_EQ(problem.value, std::to_string(bad));
		EXPECT_NE(problem.allowed.find("2147483647"), std::string::npos);
	}
}

TEST(ModelParams, EveryBadFieldIsReportedOnce)
{
	ModelParams params;
	params.path = "nope";
	params.motion_module = "nope";
	params.steps = 0;
	params.guidance_scale = std::numeric_limits<double>::quiet_NaN();
	params.seed = -5;
	params.prompt = std::string("\xff");
	params.n_prompt = std::string(4001, 'x');
	std::multiset<std::string> fields;
	for (const InvalidField &problem : validate(params))
		fields.insert(problem.field);
	EXPECT_EQ(fields, (std::multiset<std::string>{"path", "motion_module", "steps", "guidance_scale", "seed",
						      "prompt", "n_prompt"}));
}

TEST(ModelParams, Utf8PromptsWithChineseQuotesAndNewlinesAreValid)
{
	ModelParams params = default_params();
	params.prompt = "赛博朋克城市的夜晚，霓虹灯 \"neon\" 'rain'\nsecond line\t😀";
	params.n_prompt = "低质量, \"blurry\"\r\n";
	EXPECT_TRUE(validate(params).empty());
	params.prompt = "";
	EXPECT_TRUE(validate(params).empty()); // all inputs are optional for the model
}

TEST(ModelParams, BlankPromptsAreToldApartFromShortOnes)
{
	for (const char *blank : {"", " ", "\n", " \t\r\n  "})
		EXPECT_TRUE(prompt_is_blank(blank)) << '"' << blank << '"';
	for (const char *text : {"a", " cat ", "\n雨\n", "0", "\"\""})
		EXPECT_FALSE(prompt_is_blank(text)) << '"' << text << '"';
}

TEST(ModelParams, PromptsOfOnlyUnicodeSpacesAndFormatCharactersAreBlank)
{
	// What a chat bot or a paste can send that shows nothing: each would be sent and billed as a prompt.
	for (const char *blank : {"\u3000", "\u00a0\u00a0", "\u200b", "\u3000\u200b\ufeff \n", "\u2060\u00ad\ufe0f"})
		EXPECT_TRUE(prompt_is_blank(blank)) << '"' << blank << '"';
	EXPECT_FALSE(prompt_is_blank("\u3000雨\u3000"));
}

TEST(ModelParams, ModelVersionFormsAreCheckedLocally)
{
	const std::string id = "beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f";
	EXPECT_TRUE(model_version_valid(model::kDefaultVersion));
	EXPECT_TRUE(model_version_valid(id));
	EXPECT_TRUE(model_version_valid("some-owner/model_name.v2:" + id));
	for (const std::string &bad :
	     {std::string(), std::string("lucataco/animate-diff"), "lucataco/animate-diff:" + id.substr(1),
	      "lucataco/animate-diff:" + id + "0", "lucataco/animate-diff:BEECF59C" + id.substr(8),
	      "lucataco/animate-diff:" + id.substr(0, 63) + "g", ":" + id, "/animate-diff:" + id, "lucataco/:" + id,
	      "lucataco:" + id, "a/b/c:" + id, "lucataco/animate diff:" + id, " " + id, id + "\n",
	      "lucataco/animate-diff:" + id + ":" + id, "../x:" + id})
		EXPECT_FALSE(model_version_valid(bad)) << '"' << bad << '"';
}

TEST(ModelParams, InvalidUtf8Rejected)
{
	const char *bad_texts[] = {
		"abc\xff",         // never valid
		"\xe4\xb8",        // a CJK character cut in half
		"\xc0\xaf",        // overlong '/'
		"\xed\xa0\x80",    // UTF-16 surrogate
		"\xf4\x90\x80\x80" // above U+10FFFF
	};
	for (const char *bad : bad_texts) {
		ModelParams params = default_params();
		params.prompt = bad;
		const InvalidField problem = only_problem(params);
		EXPECT_EQ(problem.field, "prompt");
		EXPECT_EQ(problem.value.find(bad), std::string::npos) << "the bad bytes are described, not echoed";

		params = default_params();
		params.n_prompt = bad;
		EXPECT_EQ(only_problem(params).field, "n_prompt");
	}
}

TEST(ModelParams, PromptLengthCap)
{
	ModelParams params = default_params();
	params.prompt = std::string(4000, 'a');
	EXPECT_TRUE(validate(params).empty());
	params.prompt += "a";
	const InvalidField problem = only_problem(params);
	EXPECT_EQ(problem.field, "prompt");
	EXPECT_EQ(problem.value, "4001 bytes");
}

TEST(ModelParams, SeedZeroResolvesToARandomSeedInRange)
{
	std::set<int64_t> seen;
	for (int i = 0; i < 50; i++) {
		const int64_t seed = resolve_seed(0);
		EXPECT_GE(seed, 1);
		EXPECT_LE(seed, 2147483647);
		seen.insert(seed);
	}
	// 50 draws from 2^31 values: a repeat is a one-in-a-million event, all-equal means a fixed engine.
	EXPECT_GE(seen.size(), 49u);
}

TEST(ModelParams, FixedSeedPassesThrough)
{
	EXPECT_EQ(resolve_seed(1), 1);
	EXPECT_EQ(resolve_seed(255224557), 255224557);
	EXPECT_EQ(resolve_seed(2147483647), 2147483647);
}

} // namespace
} // namespace adiff::test
