// Log lines name the source they are about the way OBS's own sources do ("[obs-animatediff: 'Loop 1'] ..."),
// with the name it has when the line is written; module-wide lines keep "[obs-animatediff] ...".
#include "fake_replicate/fake_replicate.hpp"
#include "obs/obs_env.hpp"
#include "obs/playback_test_util.hpp"
#include "obs/source_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

namespace adiff::test {
namespace {

using nlohmann::json;

class SourceLog : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }
	void TearDown() override { source_.reset(); }

	LogCapture log_; // before env_: sees the module load
	ObsEnv env_;
	TempDir dir_;
	SourcePtr source_;
};

TEST_F(SourceLog, LinesAboutOneSourceCarryItsCurrentName)
{
	EXPECT_TRUE(log_.contains("[obs-animatediff] loaded (version ")) << "module-wide line";

	source_ = create_animatediff(json{{"clip_path", dir_.file("gone-1.mp4")}}.dump(), "Loop 1");
	ASSERT_TRUE(source_);
	EXPECT_TRUE(log_.contains("[obs-animatediff: 'Loop 1'] created"));
	EXPECT_TRUE(log_.contains("[obs-animatediff: 'Loop 1'] clip file not found: " + dir_.file("gone-1.mp4")));

	// Renamed in OBS: the next line names it as the user now sees it.
	obs_source_set_name(source_.get(), "Loop 2");
	DataPtr patch = data_from_json(json{{"clip_path", dir_.file("gone-2.mp4")}}.dump());
	obs_source_update(source_.get(), patch.get());
	EXPECT_TRUE(wait_until([&] { return log_.contains("[obs-animatediff: 'Loop 2'] clip file not found"); },
			       std::chrono::seconds(10)));
}

TEST_F(SourceLog, GenerationLinesCarryTheNameTheSourceHasWhenItStarts)
{
	FakeReplicate fake;
	source_ = create_animatediff(json{{"api_base_url", fake.base_url()},
					  {"api_token", fake.options().token},
					  {"prompt", "neon city at night"}}
					     .dump(),
				     "Loop 1");
	ASSERT_TRUE(source_);
	obs_source_set_name(source_.get(), "Loop 3"); // renamed before pressing Generate
	calldata_t cd;
	calldata_init(&cd);
	proc_handler_call(obs_source_get_proc_handler(source_.get()), "generate", &cd);
	EXPECT_TRUE(calldata_bool(&cd, "ok")) << calldata_string(&cd, "json");
	calldata_free(&cd);
	// The generator's own lines (core), through the module's log sink.
	EXPECT_TRUE(wait_until([&] { return log_.contains("[obs-animatediff: 'Loop 3'] generation "); },
			       std::chrono::seconds(10)));
	EXPECT_FALSE(log_.contains("[obs-animatediff: 'Loop 1'] generation ")) << "the old name";
}

} // namespace
} // namespace adiff::test
