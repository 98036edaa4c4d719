// Secrets and input checks through the real source: REPLICATE_API_TOKEN only for Replicate's origin, base
// URLs with a password refused and the password shown nowhere, blank (Unicode) prompts, nulls, wrong types
// and non-integral numbers from scripts and scene files refused before anything reaches the (fake) API.
#include "fake_replicate/fake_replicate.hpp"
#include "obs/obs_env.hpp"
#include "obs/source_procs.hpp"
#include "obs/playback_test_util.hpp"
#include "obs/source_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <obs.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace adiff::test {
namespace {

using nlohmann::json;

class SecretsInputTest : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override
	{
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
		unsetenv("REPLICATE_API_TOKEN");
	}

	// A source on the fake's address; `settings` overrides or adds keys.
	void create_source(json settings)
	{
		json all = {{"api_base_url", fake_.base_url()}, {"prompt", "neon city at night"}};
		all.update(settings);
		source_ = create_animatediff(all.dump());
		ASSERT_TRUE(source_);
	}

	void press_generate()
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		obs_property_t *p = obs_properties_get(props.get(), "generate");
		ASSERT_TRUE(p);
		obs_property_button_clicked(p, source_.get());
	}

	std::string panel_line(const char *name)
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		obs_property_t *p = obs_properties_get(props.get(), name);
		return p ? obs_property_description(p) : "";
	}

	json get_status() { return source_status(source_.get()); }

	json proc_generate(const std::string &overrides_json)
	{
		calldata_t cd;
		calldata_init(&cd);
		calldata_set_string(&cd, "overrides_json", overrides_json.c_str());
		proc_handler_call(obs_source_get_proc_handler(source_.get()), "generate", &cd);
		const char *text = calldata_string(&cd, "json");
		json answer = json::parse(text ? text : "null", nullptr, false);
		calldata_free(&cd);
		return answer;
	}

	std::string token_file_text()
	{
		std::ifstream in(env_.plugin_config_dir() + "/tokens.json");
		std::stringstream text;
		text << in.rdbuf();
		return text.str();
	}

	ObsEnv env_;
	FakeReplicate fake_;
	SourcePtr source_;
};

TEST_F(SecretsInputTest, EnvironmentTokenIsNeverSentToAnotherServer)
{
	// A shared scene collection pointing api_base_url at someone's server, on a machine with the token set.
	setenv("REPLICATE_API_TOKEN", fake_.options().token.c_str(), 1);
	create_source(json::object());
	press_generate();

	EXPECT_EQ(fake_.requests().size(), 0u) << "the environment's Replicate token reached another server";
	const json status = get_status();
	EXPECT_EQ(status.value("error", ""), "no_token") << status.dump();
	EXPECT_NE(status.value("message", "").find("api.replicate.com"), std::string::npos) << status.dump();
	EXPECT_NE(status.value("message", "").find(fake_.base_url()), std::string::npos) << status.dump();
	// The panel's token line says the same before anyone presses Generate.
	const std::string token_line = panel_line("token_status");
	EXPECT_NE(token_line.find("api.replicate.com"), std::string::npos) << token_line;
	EXPECT_EQ(token_line.find("Using REPLICATE_API_TOKEN"), std::string::npos) << token_line;

	// A token saved for that server is used for it.
	DataPtr patch = data_from_json(json({{"api_token", fake_.options().token}}).dump());
	obs_source_update(source_.get(), patch.get());
	// A video source's update runs on the next video tick: wait until the token has moved.
	ASSERT_TRUE(wait_until([&] { return panel_line("token_status").find("Token saved") != std::string::npos; },
			       std::chrono::seconds(10)))
		<< panel_line("token_status");
	press_generate();
	ASSERT_TRUE(fake_.wait_until([&] { return fake_.creates() == 1; }, std::chrono::seconds(10)))
		<< get_status().dump();
}

TEST_F(SecretsInputTest, BaseUrlWithAPasswordIsRefusedAndThePasswordAppearsNowhere)
{
	LogCapture log;
	std::string with_password = fake_.base_url();
	with_password.insert(with_password.find("://") + 3, "user:secret@"); // http://user:secret@127.0.0.1:port/v1
	create_source({{"api_base_url", with_password}, {"api_token", fake_.options().token}});
	press_generate();

	const json status = get_status();
	EXPECT_EQ(status.value("error", ""), "bad_url") << status.dump();
	EXPECT_EQ(fake_.requests().size(), 0u) << "a request went out with the credentials URL";
	EXPECT_EQ(status.dump().find("secret"), std::string::npos) << status.dump();
	EXPECT_EQ(panel_line("status").find("secret"), std::string::npos) << panel_line("status");
	EXPECT_NE(panel_line("status").find("password"), std::string::npos) << panel_line("status");
	EXPECT_EQ(panel_line("token_status").find("secret"), std::string::npos) << panel_line("token_status");
	EXPECT_EQ(token_file_text().find("secret"), std::string::npos) << token_file_text();
	EXPECT_FALSE(log.contains("secret")) << "the password was written to the OBS log";

	// The same with the address of the issue (https, nothing listening).
	DataPtr patch = data_from_json(json({{"api_base_url", "https://user:secret@127.0.0.1:1/v1"}}).dump());
	obs_source_update(source_.get(), patch.get());
	// (obs_source_update applies the settings at once; the generate below reads them.)
	press_generate();
	EXPECT_EQ(get_status().value("error", ""), "bad_url");
	EXPECT_EQ(get_status().dump().find("secret"), std::string::npos);
	EXPECT_FALSE(log.contains("secret"));
}

TEST_F(SecretsInputTest, BaseUrlWithAQueryOrFragmentIsRefused)
{
	for (const char *suffix : {"?key=abc", "#top"}) {
		create_source({{"api_base_url", fake_.base_url() + suffix}, {"api_token", fake_.options().token}});
		press_generate();
		EXPECT_EQ(get_status().value("error", ""), "bad_url") << suffix << " " << get_status().dump();
		source_.reset();
	}
	EXPECT_EQ(fake_.requests().size(), 0u);
}

TEST_F(SecretsInputTest, PromptsOfOnlyUnicodeBlanksAreRefusedEverywhere)
{
	create_source({{"prompt", "\u3000\u00a0\u200b\ufeff"}, {"api_token", fake_.options().token}});
	press_generate();
	EXPECT_EQ(get_status().value("error", ""), "empty_prompt") << get_status().dump();
	const json answer = proc_generate(R"({"prompt": "\u3000\u200b"})");
	EXPECT_EQ(answer.value("code", ""), "empty_prompt") << answer.dump();
	EXPECT_EQ(fake_.requests().size(), 0u) << "a prompt that shows nothing was sent and billed";
}

TEST_F(SecretsInputTest, NullsWrongTypesAndFractionsInOverridesAreRefusedNamingTheField)
{
	create_source({{"api_token", fake_.options().token}, {"min_trigger_interval_s", 0}});
	const struct {
		const char *overrides;
		const char *field;
	} cases[] = {{R"({"prompt": null})", "prompt"},
		     {R"({"steps": 20.7})", "steps"},
		     {R"({"seed": "12345"})", "seed"},
		     {R"({"n_prompt": 3})", "n_prompt"},
		     {R"({"guidance_scale": null})", "guidance_scale"},
		     {"null", "overrides"}};
	for (const auto &c : cases) {
		const json answer = proc_generate(c.overrides);
		EXPECT_FALSE(answer.value("ok", true)) << c.overrides;
		EXPECT_EQ(answer.value("code", ""), "invalid_setting") << c.overrides << " " << answer.dump();
		EXPECT_NE(answer.value("detail", "").find(c.field), std::string::npos)
			<< c.overrides << " " << answer.dump();
	}
	EXPECT_EQ(fake_.requests().size(), 0u) << "a refused override started a billed generation";
}

TEST_F(SecretsInputTest, HandEditedNonIntegralOrStringNumbersInTheSceneAreRefused)
{
	const struct {
		json settings;
		const char *field;
	} cases[] = {{{{"steps", 20.7}}, "steps"},
		     {{{"seed", "12345"}}, "seed"},
		     {{{"seed", 99.5}}, "seed"},
		     {{{"model_version", "lucataco/animate-diff:beecf59c"}}, "model_version"},
		     // owner/name alone is valid since issue 11 (its latest version is looked up); a third part is not.
		     {{{"model_version", "lucataco/animate-diff/extra"}}, "model_version"},
		     {{{"deployment", "acme"}}, "deployment"}};
	for (const auto &c : cases) {
		json settings = c.settings;
		settings["api_token"] = fake_.options().token;
		create_source(settings);
		press_generate();
		const json status = get_status();
		EXPECT_EQ(status.value("error", ""), "invalid_setting") << c.settings.dump() << " " << status.dump();
		EXPECT_NE(status.value("detail", "").find(c.field), std::string::npos) << status.dump();
		source_.reset();
	}
	EXPECT_EQ(fake_.requests().size(), 0u) << "a hand-edited value was truncated or sent";
}

} // namespace
} // namespace adiff::test
