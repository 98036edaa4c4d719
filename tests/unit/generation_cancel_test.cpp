// Stopping a generation: the Cancel button, deleting the source mid-way (the Generator's destructor), and a
// second Generate press while one runs. The user must never wait on the network, and a running
// prediction must not keep billing after they said stop.
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

FakeOptions long_processing()
{
	FakeOptions options;
	options.starting_ms = 30;
	options.processing_ms = 20000;
	return options;
}

TEST(GenerationCancel, CancelMidProcessingCancelsTheRemotePrediction)
{
	FakeReplicate fake(long_processing());
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake)), Generator::StartResult::Started);
	auto processing = log.wait_state(State::Processing);
	ASSERT_TRUE(processing.has_value());

	auto start = Clock::now();
	generator.cancel();
	auto final = log.wait_final(3s);
	ASSERT_TRUE(final.has_value());
	EXPECT_LT(seconds_since(start), 1.0);
	EXPECT_EQ(final->state, State::Canceled);
	EXPECT_EQ(final->error, ErrorCode::Canceled);

	ASSERT_TRUE(fake.wait_until([&] { return fake.cancels() >= 1; }, 2s));
	const std::string id = fake.prediction_ids().at(0);
	EXPECT_EQ(fake.requests_to(Endpoint::Cancel)[0].path, "/v1/predictions/" + id + "/cancel");
	EXPECT_EQ(fake.requests_to(Endpoint::Cancel)[0].method, "POST");
	EXPECT_EQ(fake.requests_to(Endpoint::Cancel)[0].headers.at("authorization"), "Bearer " + fake.options().token);
	EXPECT_EQ(fake.prediction(id)->at("status"), "canceled");
	EXPECT_EQ(fake.downloads(), 0);
	EXPECT_TRUE(fake.wait_until([&] { return !generator.busy(); }, 1s));
}

TEST(GenerationCancel, CancelWhenIdleDoesNothing)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	generator.cancel();
	EXPECT_EQ(generator.status().state, State::Idle);
	EXPECT_FALSE(generator.busy());
	EXPECT_TRUE(fake.requests().empty());
}

TEST(GenerationCancel, StartWhileBusyIsRefusedWithoutASecondCreate)
{
	FakeReplicate fake(long_processing());
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake, 1)), Generator::StartResult::Started);
	EXPECT_TRUE(generator.busy());
	EXPECT_EQ(generator.start(replicate_request(fake, 2)), Generator::StartResult::Busy);
	ASSERT_TRUE(log.wait_state(State::Processing).has_value());
	EXPECT_EQ(generator.start(replicate_request(fake, 3)), Generator::StartResult::Busy);
	EXPECT_EQ(fake.creates(), 1);
	EXPECT_EQ(fake.predictions_created(), 1);
	for (const auto &s : log.seen())
		EXPECT_EQ(s.seed, 1) << "a refused start changed the running generation";
}

TEST(GenerationCancel, DestroyingMidProcessingReturnsFastAndCancelsRemotely)
{
	FakeReplicate fake(long_processing());
	TempDir dir;
	StatusLog log;
	auto generator = std::make_unique<Generator>(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator->start(replicate_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_state(State::Processing).has_value());

	auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 1.0);
	ASSERT_TRUE(fake.wait_until([&] { return fake.cancels() >= 1; }, 1s)) << "the prediction keeps billing";
	EXPECT_EQ(fake.prediction(fake.prediction_ids().at(0))->at("status"), "canceled");
}

// The create's answer is slow to come (a loaded API): the prediction id is not known yet, so the client
// cannot cancel it by id; it must still not make the user wait for the answer.
TEST(GenerationCancel, DestroyingWhileTheCreateIsUnansweredReturnsFast)
{
	FakeOptions options = long_processing();
	options.create_delay_ms = 20000;
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto generator = std::make_unique<Generator>(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator->start(replicate_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(fake.wait_until([&] { return fake.predictions_created() == 1; }, 3s));
	// The server's own safety net for an abandoned create: it cancels at the generation deadline.
	EXPECT_EQ(fake.requests_to(Endpoint::Create).at(0).headers.count("cancel-after"), 1u);

	auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 1.0);
}

// A user's Cancel while the create's answer is still on the way lets it answer, so the prediction id is
// known and the cancel reaches the server: canceling never leaves a billed prediction running.
TEST(GenerationCancel, CancelWhileTheCreateIsUnansweredStillCancelsTheRemotePrediction)
{
	FakeOptions options = long_processing();
	options.create_delay_ms = 1500;
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(fake.wait_until([&] { return fake.predictions_created() == 1; }, 3s));
	generator.cancel();
	auto final = log.wait_final(10s);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Canceled);
	const std::string id = fake.prediction_ids().at(0);
	EXPECT_TRUE(fake.wait_until([&] { return fake.cancels_of(id) == 1; }, 2s));
	EXPECT_EQ(fake.prediction(id)->at("status"), "canceled");
	EXPECT_EQ(fake.creates(), 1);
	EXPECT_FALSE(final->prediction_may_run);
}

TEST(GenerationCancel, DestroyingMidDownloadOfASlowFileReturnsFast)
{
	FakeOptions options;
	options.clip = fake_mp4_bytes(2000000);
	options.download_bytes_per_s = 50000; // 40 s for the whole file
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto generator = std::make_unique<Generator>(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator->start(replicate_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_state(State::Downloading).has_value());
	ASSERT_TRUE(fake.wait_until([&] { return fake.downloads() >= 1; }, 3s));

	auto start = Clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 1.0);
	for (const auto &entry : std::filesystem::directory_iterator(dir.path()))
		ADD_FAILURE() << "a partial download was left behind: " << entry.path();
}

TEST(GenerationCancel, CancelMidDownloadEndsCanceledWithoutAClip)
{
	FakeOptions options;
	options.clip = fake_mp4_bytes(2000000);
	options.download_bytes_per_s = 50000;
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_for([](const Status &s) { return s.state == State::Downloading && s.download > 0; }, 10s)
			    .has_value())
		<< "download progress was never reported";
	auto start = Clock::now();
	generator.cancel();
	auto final = log.wait_final(3s);
	ASSERT_TRUE(final.has_value());
	EXPECT_LT(seconds_since(start), 1.0);
	EXPECT_EQ(final->state, State::Canceled);
	EXPECT_TRUE(final->clip_path.empty());
}

} // namespace
} // namespace adiff::test
