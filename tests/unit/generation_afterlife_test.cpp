// Removing a source (or quitting OBS) while its create is still held by `Prefer: wait`: the source goes at
// once, nothing calls back into it, and the prediction the create made is still canceled on the server,
// by the module-owned Afterlife that finishes the generation. The Afterlife itself ends in bounded time.
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

// The prediction stays "starting" for 20 s, so the create is held for the whole Prefer: wait.
FakeOptions cold_model()
{
	FakeOptions options;
	options.starting_ms = 20000;
	options.processing_ms = 20000;
	return options;
}

struct HeldCreate {
	explicit HeldCreate(int prefer_wait_s) : fake(cold_model())
	{
		config = fast_config(dir.path());
		config.prefer_wait_s = prefer_wait_s;
	}
	// Starts a generation on a new Generator and waits until the server holds its create.
	std::unique_ptr<Generator> start(Afterlife *afterlife)
	{
		auto generator = std::make_unique<Generator>(
			config, [this](const Status &) { ++statuses; }, afterlife);
		EXPECT_EQ(generator->start(replicate_request(fake)), Generator::StartResult::Started);
		EXPECT_TRUE(fake.wait_until([&] { return fake.predictions_created() == 1; }, 3s));
		return generator;
	}

	FakeReplicate fake;
	TempDir dir;
	GeneratorConfig config;
	std::atomic<int> statuses{0};
};

TEST(GenerationAfterlife, DestroyingDuringAHeldCreateReturnsAtOnceAndTheCreatedPredictionIsCanceled)
{
	HeldCreate held(1);
	Afterlife afterlife;
	auto generator = held.start(&afterlife);

	const auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 0.2) << "removing the source waited on the network";
	const int statuses_at_destroy = held.statuses.load();
	EXPECT_EQ(held.fake.cancels(), 0) << "the id cannot be known before the create answers";

	// The held create answers after its Prefer: wait (1 s); the prediction it made is then canceled.
	const std::string id = held.fake.prediction_ids().at(0);
	ASSERT_TRUE(held.fake.wait_until([&] { return held.fake.prediction(id)->at("status") == "canceled"; }, 4s))
		<< "the prediction runs on, billed";
	EXPECT_EQ(held.fake.requests_to(Endpoint::Cancel).at(0).path, "/v1/predictions/" + id + "/cancel");
	EXPECT_EQ(held.fake.creates(), 1);

	const auto finish_start = Clock::now();
	afterlife.finish();
	EXPECT_LT(seconds_since(finish_start), 1.0);
	EXPECT_EQ(afterlife.pending(), 0u);
	EXPECT_EQ(held.statuses.load(), statuses_at_destroy) << "a status reached the destroyed owner";
}

// At module unload the Afterlife waits only so long: a create held for 30 s is abandoned (the server's
// Cancel-After stops that prediction) and everything is joined within the bound.
TEST(GenerationAfterlife, FinishingTheAfterlifeIsBounded)
{
	HeldCreate held(30);
	Afterlife afterlife;
	auto generator = held.start(&afterlife);
	generator.reset();
	EXPECT_EQ(afterlife.pending(), 1u);

	const auto start = Clock::now();
	afterlife.finish(300ms);
	const double took = seconds_since(start);
	EXPECT_GE(took, 0.25);
	EXPECT_LT(took, 1.0);
	EXPECT_EQ(afterlife.pending(), 0u);
	EXPECT_EQ(held.fake.requests_to(Endpoint::Create).at(0).headers.count("cancel-after"), 1u);
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
	HeldCreate held(30);
	Afterlife afterlife;
	auto generator = held.start(&afterlife);
	afterlife.finish();
	const auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 1.0);
	EXPECT_EQ(afterlife.pending(), 0u);
}

} // namespace
} // namespace adiff::test
