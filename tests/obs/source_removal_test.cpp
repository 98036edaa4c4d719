// Removing the source, or quitting OBS, right after Generate: the removal returns at once, and the prediction
// the create made is canceled on the server exactly once (by the module's Afterlife), so it does not run on,
// billed. Quitting (the module's unload) winds every such generation down within a second, whatever the
// network does.
#include "obs/obs_env.hpp"
#include "obs/source_fixture.hpp"
#include "fake_replicate/fake_replicate.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

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

	// A model that runs for minutes: nothing ends by itself during the test.
	static FakeOptions long_model()
	{
		FakeOptions options;
		options.starting_ms = 60000;
		options.processing_ms = 60000;
		return options;
	}

	// A source aimed at `fake`, Generate pressed, the server's prediction made. *pressed: when Generate was
	// pressed.
	SourcePtr source_generating(FakeReplicate &fake, Clock::time_point *pressed)
	{
		nlohmann::json settings = {{"api_base_url", fake.base_url()},
					   {"api_token", fake.options().token},
					   {"prompt", "neon city at night"}};
		SourcePtr source = create_animatediff(settings.dump());
		PropertiesPtr props(obs_source_properties(source.get()));
		*pressed = Clock::now();
		obs_property_button_clicked(obs_properties_get(props.get(), "generate"), source.get());
		EXPECT_TRUE(fake.wait_until([&] { return fake.predictions_created() == 1; }, 10s));
		return source;
	}

	ObsEnv env_;
};

TEST_F(SourceRemoval, RemovingTheSourceRightAfterGenerateCancelsThePredictionOnce)
{
	FakeReplicate fake(long_model());
	Clock::time_point pressed;
	SourcePtr source = source_generating(fake, &pressed);

	const auto start = Clock::now();
	source.reset(); // the last reference: destroy runs now
	EXPECT_LT(seconds_since(start), 0.5) << "removing the source waited on the network";

	const std::string id = fake.prediction_ids().at(0);
	ASSERT_TRUE(fake.wait_until([&] { return fake.prediction(id)->at("status") == "canceled"; }, 3s))
		<< "the prediction runs on, billed";
	EXPECT_EQ(fake.requests_to(Endpoint::Cancel).at(0).path, "/v1/predictions/" + id + "/cancel");

	const auto quit = Clock::now();
	EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	EXPECT_LT(seconds_since(quit), 1.0);
	EXPECT_EQ(fake.cancels_of(id), 1);
	EXPECT_EQ(fake.creates(), 1);
}

// Quitting OBS 0.3 s after Generate: the scene's sources go, then the module unloads. One create, one
// cancel of the prediction it made, and the unload is over in under a second.
TEST_F(SourceRemoval, UnloadingTheModuleRightAfterGenerateCancelsOnceWithinASecond)
{
	FakeReplicate fake(long_model());
	Clock::time_point pressed;
	SourcePtr source = source_generating(fake, &pressed);
	// The scenario's moment, not a synchronisation: the user quits 0.3 s after pressing Generate.
	std::this_thread::sleep_until(pressed + 300ms);

	const auto quit = Clock::now();
	source.reset();
	EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	const double took = seconds_since(quit);
	RecordProperty("quit_ms", int(took * 1000)); // the figure the README quotes
	EXPECT_LT(took, 1.0) << "quitting OBS waited on the network";
	EXPECT_EQ(fake.creates(), 1);
	const std::string id = fake.prediction_ids().at(0);
	EXPECT_EQ(fake.cancels_of(id), 1) << "the prediction was left running at quit";
	EXPECT_EQ(fake.cancels(), 1);
	EXPECT_EQ(fake.prediction(id)->at("status"), "canceled");
}

// The create's answer is still on its way when OBS quits, and stays away: the unload does not wait for it
// beyond its bound (the server's Cancel-After stops that prediction).
TEST_F(SourceRemoval, QuittingWhileTheCreateIsUnansweredIsBounded)
{
	FakeOptions options = long_model();
	options.create_delay_ms = 30000;
	FakeReplicate fake(options);
	Clock::time_point pressed;
	SourcePtr source = source_generating(fake, &pressed);

	const auto quit = Clock::now();
	source.reset();
	EXPECT_EQ(env_.shutdown_and_count_leaks(), 0);
	const double took = seconds_since(quit);
	RecordProperty("quit_ms", int(took * 1000));
	EXPECT_LT(took, 1.0) << "quitting OBS waited for the create's answer";
	EXPECT_EQ(fake.requests_to(Endpoint::Create).at(0).headers.count("cancel-after"), 1u);
}

} // namespace
} // namespace adiff::test
