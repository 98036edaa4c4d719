// The exact bytes each backend receives, and the hash that names clip files.
#include "core/config/request_body.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

ModelParams sample_params()
{
	ModelParams p;
	p.prompt = "neon city at night";
	p.n_prompt = "blurry";
	p.path = "toonyou_beta3.safetensors";
	p.motion_module = "mm_sd_v14";
	p.steps = 25;
	p.guidance_scale = 7.5;
	p.seed = 1234;
	return p;
}

BackendConfig replicate_backend()
{
	BackendConfig b;
	b.backend = Backend::Replicate;
	b.api_base_url = "https://api.replicate.com/v1";
	b.model_version = "lucataco/animate-diff:beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f";
	b.token = "r8_secret";
	return b;
}

TEST(RequestBody, ReplicateBodyIsVersionAndInput)
{
	EXPECT_EQ(request_body(replicate_backend(), sample_params()).dump(),
		  "{\"input\":{\"guidance_scale\":7.5,\"motion_module\":\"mm_sd_v14\",\"n_prompt\":\"blurry\","
		  "\"path\":\"toonyou_beta3.safetensors\",\"prompt\":\"neon city at night\",\"seed\":1234,"
		  "\"steps\":25},\"version\":\"lucataco/animate-diff:"
		  "beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f\"}");
}

TEST(RequestBody, CogBodyHasNoVersion)
{
	BackendConfig cog;
	cog.backend = Backend::Cog;
	cog.api_base_url = "http://127.0.0.1:5000";
	cog.model_version = "ignored";
	nlohmann::json body = request_body(cog, sample_params());
	EXPECT_FALSE(body.contains("version"));
	EXPECT_EQ(body.size(), 1u);
	EXPECT_EQ(body["input"], input_json(sample_params()));
}

TEST(RequestBody, NumbersKeepTheirSchemaTypes)
{
	ModelParams p = sample_params();
	p.guidance_scale = 7.0;
	p.steps = 100;
	p.seed = 2147483647;
	const std::string text = input_json(p).dump();
	EXPECT_NE(text.find("\"guidance_scale\":7.0"), std::string::npos) << text;
	EXPECT_NE(text.find("\"steps\":100}"), std::string::npos) << text;
	EXPECT_NE(text.find("\"seed\":2147483647"), std::string::npos) << text;
	nlohmann::json parsed = nlohmann::json::parse(text);
	EXPECT_TRUE(parsed["guidance_scale"].is_number_float());
	EXPECT_TRUE(parsed["steps"].is_number_integer());
	EXPECT_TRUE(parsed["seed"].is_number_integer());
}

TEST(RequestBody, StringsSurviveByteForByte)
{
	ModelParams p = sample_params();
	p.prompt = "赛博朋克城市，霓虹灯 \"quoted\"\nsecond line\ttab \\ back ✨";
	p.n_prompt = "低质量, \"ugly\"";
	nlohmann::json parsed = nlohmann::json::parse(request_body(replicate_backend(), p).dump());
	EXPECT_EQ(parsed["input"]["prompt"].get<std::string>(), p.prompt);
	EXPECT_EQ(parsed["input"]["n_prompt"].get<std::string>(), p.n_prompt);
	// UTF-8 is sent as UTF-8, not as \u escapes the server might mangle.
	EXPECT_NE(request_body(replicate_backend(), p).dump().find("赛博朋克城市"), std::string::npos);
}

TEST(RequestHash, StableHexAndIndependentOfTheToken)
{
	BackendConfig a = replicate_backend();
	BackendConfig b = replicate_backend();
	b.token = "r8_another_token";
	const std::string hash = request_hash(a, sample_params());
	EXPECT_EQ(hash.size(), 64u);
	EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
	EXPECT_EQ(hash, request_hash(a, sample_params()));
	EXPECT_EQ(hash, request_hash(b, sample_params()));
	b.api_base_url += "/"; // the same server written with a trailing slash
	EXPECT_EQ(hash, request_hash(b, sample_params()));
}

TEST(RequestHash, ChangesWithEveryInputAndTarget)
{
	const BackendConfig base = replicate_backend();
	const std::string hash = request_hash(base, sample_params());
	std::vector<std::function<void(BackendConfig &, ModelParams &)>> changes = {
		[](BackendConfig &, ModelParams &p) { p.prompt += "!"; },
		[](BackendConfig &, ModelParams &p) { p.n_prompt = ""; },
		[](BackendConfig &, ModelParams &p) { p.path = "lyriel_v16.safetensors"; },
		[](BackendConfig &, ModelParams &p) { p.motion_module = "mm_sd_v15"; },
		[](BackendConfig &, ModelParams &p) { p.steps = 26; },
		[](BackendConfig &, ModelParams &p) { p.guidance_scale = 7.0; },
		[](BackendConfig &, ModelParams &p) { p.seed = 1235; },
		[](BackendConfig &b, ModelParams &) { b.model_version = "other:abc"; },
		[](BackendConfig &b, ModelParams &) { b.api_base_url = "https://relay.example/replicate/v1"; },
		[](BackendConfig &b, ModelParams &) { b.backend = Backend::Cog; },
	};
	for (size_t i = 0; i < changes.size(); ++i) {
		BackendConfig b = base;
		ModelParams p = sample_params();
		changes[i](b, p);
		EXPECT_NE(request_hash(b, p), hash) << "change " << i;
	}
}

} // namespace
} // namespace adiff
