// Removing the source, or quitting OBS, while the server still holds the create (`Prefer: wait`): the
// removal returns at once, and the prediction that create made is still canceled on the server (by the
// module's Afterlife), so it does not run on, billed. Quitting joins that work within a bound.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "fake_replicate/fake_replicate.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
	return std::chrono::duration<double>(Clock::now() - start).count();
}

class SourceRemoval : public ::testing::Test {
protected:
	void SetUp() override { ASSERT_TRUE(env_.ok()) << env_.error(); }

	// A cold model: the prediction stays "starting", so the create is held for the whole Prefer: wait.
	static FakeOptions cold_model()
	{
		FakeOptions options;
		options.starting_ms = 60000;
		options.processing_ms = 60000;
		return options;
	}

	// A source aimed at `fake` whose create the server is holding now.
	SourcePtr source_with_held_create(FakeReplicate &fake)
	{
		nlohmann::json settings = {{"api_base_url", fake.base_url()},
					   {"api_token", fake.options().token},
					   {"prompt", "neon city at night"}};
		SourcePtr source = create_animatediff(settings.dump());
		PropertiesPtr props(obs_source_properties(source.get()));
		obs_property_button_clicked(obs_properties_get(props.get(), "generate"), source.get());
		EXPECT_TRUE(fake.wait_until([&] { return fake.predictions_created() == 1; }, 10s));
		EXPECT_EQ(fake.cancels(), 0);
		return source;
	}

	ObsEnv env_;
};

TEST_F(SourceRemoval, RemovingTheSourceDuringAHeldCreateStillCancelsThePrediction)
{
	FakeReplicate fake(cold_model());
	SourcePtr source = source_with_held_create(fake);

	const auto start = Clock::now();
	source.reset(); // the last reference: destroy runs now
	EXPECT_LT(seconds_since(start), 0.5) << "removing the source waited on the network";

	// The create answers after its Prefer: wait; the prediction it made is then canceled by its id.
	const std::string id = fake.prediction_ids().at(0);
	ASSERT_TRUE(fake.wait_until([&] { return fake.prediction(id)->at("status") == "canceled"; }, 10s))
		<< "the prediction runs on, billed";
	EXPECT_EQ(fake.requests_to(Endpoint::Cancel).at(0).path, "/v1/predictions/" + id + "/cancel");

	const auto quit = Clock::now();
	EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	EXPECT_LT(seconds_since(quit), 3.0);
}

TEST_F(SourceRemoval, QuittingRightAfterRemovingTheSourceIsBounded)
{
	FakeReplicate fake(cold_model());
	SourcePtr source = source_with_held_create(fake);
	source.reset();

	const auto quit = Clock::now();
	EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	const double took = seconds_since(quit);
	EXPECT_LT(took, 4.0) << "quitting OBS waited for a held create";
	// The server's own net for the abandoned create: Cancel-After.
	EXPECT_EQ(fake.requests_to(Endpoint::Create).at(0).headers.count("cancel-after"), 1u);
}

} // namespace
} // namespace adiff::test
