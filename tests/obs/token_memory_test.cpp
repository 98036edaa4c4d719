// The properties panel reads saved tokens from memory: building it never reads the token file (the UI
// thread must not wait on the disk). Proof: once saved, the file can vanish and the panel still shows
// the saved token; a source on an address never seen shows none without the file being consulted.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace adiff::test {
namespace {

using nlohmann::json;

const char *kBase = "http://127.0.0.1:9/v1"; // never contacted: nothing is generated here

class TokenMemory : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override
	{
		source_.reset();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	}
	std::string token_line()
	{
		PropertiesPtr props(obs_source_properties(source_.get()));
		obs_property_t *p = obs_properties_get(props.get(), "token_status");
		return p ? obs_property_description(p) : "";
	}
	std::string token_file() const { return env_.plugin_config_dir() + "/tokens.json"; }

	ObsEnv env_;
	SourcePtr source_;
};

TEST_F(TokenMemory, PanelShowsTheSavedTokenWithoutReadingTheTokenFile)
{
	// create runs update at once, which moves the typed token into the file (and memory).
	source_ = create_animatediff(json{{"api_base_url", kBase}, {"api_token", "r8_memorytest1234"}}.dump());
	ASSERT_TRUE(source_);
	ASSERT_TRUE(std::filesystem::exists(token_file()));
	EXPECT_NE(token_line().find("Token saved for"), std::string::npos) << token_line();

	// The file gone (or unreadable): a panel that read it would now say "No token saved".
	std::filesystem::remove(token_file());
	for (int rebuild = 0; rebuild < 3; rebuild++) {
		const std::string line = token_line();
		EXPECT_NE(line.find("Token saved for"), std::string::npos) << line;
		EXPECT_NE(line.find("1234"), std::string::npos) << "the masked tail of the saved token: " << line;
		EXPECT_EQ(line.find("memorytest"), std::string::npos) << "the token itself is never shown";
	}
	EXPECT_FALSE(std::filesystem::exists(token_file())) << "building the panel wrote the token file";
}

TEST_F(TokenMemory, SavingAnotherTokenUpdatesWhatThePanelShows)
{
	source_ = create_animatediff(json{{"api_base_url", kBase}, {"api_token", "r8_firsttoken1111"}}.dump());
	ASSERT_TRUE(source_);
	EXPECT_NE(token_line().find("1111"), std::string::npos) << token_line();
	DataPtr patch = data_from_json(json{{"api_token", "r8_secondtoken2222"}}.dump());
	obs_source_update(source_.get(), patch.get());
	// A video source's update runs on the next video tick.
	ASSERT_TRUE(
		wait_until([&] { return token_line().find("2222") != std::string::npos; }, std::chrono::seconds(10)))
		<< token_line();
}

} // namespace
} // namespace adiff::test
