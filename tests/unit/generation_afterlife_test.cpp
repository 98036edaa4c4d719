// Removing a source (or quitting OBS) right after Generate: the source goes at once, nothing calls back into
// it, and the prediction the create made is canceled on the server exactly once, by the module-owned
// Afterlife that finishes the generation, even when the create's answer comes after the source is gone.
// Finishing the Afterlife (module unload) is bounded well under a second whatever the network does.
#include "core/generation/afterlife.hpp"
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A model that runs long (20 s in `starting`, 20 s processing): nothing ends by itself during a test.
FakeOptions long_model()
{
	FakeOptions options;
	options.starting_ms = 20000;
	options.processing_ms = 20000;
	return options;
}

struct InFlight {
	explicit InFlight(FakeOptions options = long_model()) : fake(options) { config = fast_config(dir.path()); }
	// Starts a generation on a new Generator and waits until the server has made its prediction.
	std::unique_ptr<Generator> start(Afterlife *afterlife, int predictions_before = 0)
	{
		auto generator = std::make_unique<Generator>(
			config, [this](const Status &) { ++statuses; }, afterlife);
		EXPECT_EQ(generator->start(replicate_request(fake)), Generator::StartResult::Started);
		EXPECT_TRUE(fake.wait_until([&] { return fake.predictions_created() == predictions_before + 1; }, 5s));
		return generator;
	}
	bool canceled_on_server(const std::string &id) const { return fake.prediction(id)->at("status") == "canceled"; }
	// Every prediction made so far was polled at least once: each create has answered.
	bool all_polled() const
	{
		for (const std::string &id : fake.prediction_ids()) {
			bool polled = false;
			for (const auto &get : fake.requests_to(Endpoint::Get))
				polled = polled || get.path.find(id) != std::string::npos;
			if (!polled)
				return false;
		}
		return true;
	}

	FakeReplicate fake;
	TempDir dir;
	GeneratorConfig config;
	std::atomic<int> statuses{0};
};

TEST(GenerationAfterlife, RemovalRightAfterGenerateCancelsThePredictionOnce)
{
	InFlight run;
	Afterlife afterlife;
	auto generator = run.start(&afterlife);

	const auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 0.2) << "removing the source waited on the network";
	const int statuses_at_destroy = run.statuses.load();

	const std::string id = run.fake.prediction_ids().at(0);
	ASSERT_TRUE(run.fake.wait_until([&] { return run.canceled_on_server(id); }, 2s))
		<< "the prediction runs on, billed (a held create would keep its id from the client)";
	EXPECT_EQ(run.fake.requests_to(Endpoint::Create).at(0).headers.count("prefer"), 0u);

	const auto finish_start = Clock::now();
	afterlife.finish();
	EXPECT_LT(seconds_since(finish_start), 1.0);
	EXPECT_EQ(afterlife.pending(), 0u);
	EXPECT_EQ(run.fake.cancels_of(id), 1) << "canceled more than once";
	EXPECT_EQ(run.fake.creates(), 1);
	EXPECT_EQ(run.statuses.load(), statuses_at_destroy) << "a status reached the destroyed owner";
}

// The create's answer arrives 1.5 s after the prediction was made, long after the source is gone: the
// Afterlife still learns the id and cancels that prediction, once.
TEST(GenerationAfterlife, ACreateAnsweredAfterTheSourceIsGoneIsCanceled)
{
	FakeOptions options = long_model();
	options.create_delay_ms = 1500;
	InFlight run(options);
	Afterlife afterlife;
	auto generator = run.start(&afterlife);
	generator.reset();
	const std::string id = run.fake.prediction_ids().at(0);
	EXPECT_EQ(run.fake.cancels(), 0) << "the id cannot be known before the create answers";

	ASSERT_TRUE(run.fake.wait_until([&] { return run.canceled_on_server(id); }, 5s)) << "the prediction runs on";
	afterlife.finish();
	EXPECT_EQ(run.fake.cancels_of(id), 1);
	EXPECT_EQ(run.fake.creates(), 1);
}

// Quitting OBS right after Generate: the removal hands the generation over, the unload follows at once.
// The create answers at once (no Prefer: wait), so the unload's cancel reaches the prediction.
TEST(GenerationAfterlife, QuittingRightAfterGenerateCancelsWithinTheBound)
{
	InFlight run;
	Afterlife afterlife;
	auto generator = run.start(&afterlife);
	generator.reset();

	const auto start = Clock::now();
	afterlife.finish();
	const double took = seconds_since(start);
	EXPECT_LT(took, 1.0) << "quitting OBS waited on the network";
	EXPECT_EQ(afterlife.pending(), 0u);
	const std::string id = run.fake.prediction_ids().at(0);
	EXPECT_EQ(run.fake.cancels_of(id), 1) << "the prediction was left running at quit";
	EXPECT_TRUE(run.canceled_on_server(id));
}

// Three generations in flight at unload, one of them with a cancel the server never answers: the cancels
// go out in parallel with short timeouts, each prediction gets exactly one, and the unload stays bounded.
TEST(GenerationAfterlife, UnloadWithThreeGenerationsInFlightIsBoundedAndCancelsEach)
{
	InFlight run;
	Afterlife afterlife;
	std::vector<std::unique_ptr<Generator>> generators;
	for (int i = 0; i < 3; ++i)
		generators.push_back(run.start(&afterlife, i));
	// Every create answered: each generation is polling its prediction.
	ASSERT_TRUE(run.fake.wait_until([&] { return run.all_polled(); }, 5s));
	run.fake.inject(Endpoint::Cancel, Fault::Stall, 1);

	const auto start = Clock::now();
	generators.clear(); // the sources go (each hands its generation to the Afterlife and returns)
	afterlife.finish();
	const double took = seconds_since(start);
	EXPECT_LT(took, 1.0) << "a stalled cancel held up the unload";
	EXPECT_EQ(afterlife.pending(), 0u);
	int canceled = 0;
	for (const std::string &id : run.fake.prediction_ids()) {
		EXPECT_EQ(run.fake.cancels_of(id), 1) << id;
		canceled += run.canceled_on_server(id) ? 1 : 0;
	}
	EXPECT_EQ(canceled, 2) << "the two cancels the server answered did not both land";
	EXPECT_EQ(run.fake.creates(), 3);
}

// A create the server never answers cannot be waited for at unload: it is abandoned within the bound (the
// server's Cancel-After is the net for that prediction).
TEST(GenerationAfterlife, FinishingTheAfterlifeIsBoundedWhenTheCreateNeverAnswers)
{
	FakeOptions options = long_model();
	options.create_delay_ms = 30000;
	InFlight run(options);
	Afterlife afterlife;
	auto generator = run.start(&afterlife);
	generator.reset();
	EXPECT_EQ(afterlife.pending(), 1u);

	const auto start = Clock::now();
	afterlife.finish();
	const double took = seconds_since(start);
	EXPECT_GE(took, 0.3) << "the create was not given its part of the bound";
	EXPECT_LT(took, 1.0);
	EXPECT_EQ(afterlife.pending(), 0u);
	EXPECT_EQ(run.fake.requests_to(Endpoint::Create).at(0).headers.count("cancel-after"), 1u);
}

TEST(GenerationAfterlife, AnIdleGeneratorIsNotAdopted)
{
	FakeReplicate fake;
	TempDir dir;
	Afterlife afterlife;
	{
		Generator generator(fast_config(dir.path()), nullptr, &afterlife);
	}
	EXPECT_EQ(afterlife.pending(), 0u);
	EXPECT_TRUE(fake.requests().empty());
}

// A source destroyed after the module began unloading has nobody left to wait for it: stopped at once.
TEST(GenerationAfterlife, WorkAdoptedAfterFinishIsStoppedAtOnce)
{
	FakeOptions options = long_model();
	options.create_delay_ms = 30000;
	InFlight run(options);
	Afterlife afterlife;
	auto generator = run.start(&afterlife);
	afterlife.finish();
	const auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 1.0);
	EXPECT_EQ(afterlife.pending(), 0u);
}

} // namespace
} // namespace adiff::test
