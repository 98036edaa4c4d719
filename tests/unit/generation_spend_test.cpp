// A create answer the client refuses to read in full (over the size cap, cut off mid-answer, JSON cut in
// half) still leaves no prediction running: the id is taken from the bytes that came and the prediction is
// canceled, once. When no id can be known, the status says a prediction may still be running.
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;

FakeOptions long_model()
{
	FakeOptions options;
	options.starting_ms = 20000;
	options.processing_ms = 20000;
	return options;
}

struct SpendRun {
	Status final;
	std::string id; // the one prediction the server made
};

// Runs one generation to its end; the server must have made exactly one prediction.
SpendRun run_one(FakeReplicate &fake)
{
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	EXPECT_TRUE(final.has_value());
	EXPECT_EQ(fake.creates(), 1) << "a create was resent";
	EXPECT_EQ(fake.predictions_created(), 1);
	SpendRun out;
	if (final)
		out.final = *final;
	if (fake.predictions_created() == 1)
		out.id = fake.prediction_ids().at(0);
	return out;
}

void expect_canceled_once(FakeReplicate &fake, const SpendRun &out, ErrorCode error = ErrorCode::BadResponse)
{
	ASSERT_FALSE(out.id.empty());
	EXPECT_EQ(out.final.state, State::Failed);
	EXPECT_EQ(out.final.error, error) << error_id(out.final.error) << ": " << out.final.detail;
	EXPECT_EQ(out.final.prediction_id, out.id) << "the id in the answer's first bytes was not read";
	ASSERT_TRUE(fake.wait_until([&] { return fake.prediction(out.id)->at("status") == "canceled"; }, 5s))
		<< "the prediction keeps billing";
	EXPECT_EQ(fake.cancels_of(out.id), 1);
	EXPECT_EQ(fake.cancels(), 1);
	EXPECT_FALSE(out.final.prediction_may_run);
}

// A relay echoing long logs: 9 MB of answer, over the 8 MiB cap. Its first bytes name the prediction.
TEST(GenerationSpend, AnOversizedCreateAnswerIsCanceledByTheIdItNames)
{
	FakeOptions options = long_model();
	options.create_logs_bytes = 9u << 20;
	FakeReplicate fake(options);
	SpendRun out = run_one(fake);
	expect_canceled_once(fake, out);
	EXPECT_NE(out.final.detail.find("larger than"), std::string::npos) << out.final.detail;
}

// The connection drops halfway through the create's answer.
TEST(GenerationSpend, ACreateAnswerCutOffMidwayIsCanceledByTheIdItNames)
{
	FakeReplicate fake(long_model());
	fake.inject(Endpoint::Create, Fault::CreatedThenCutOff);
	expect_canceled_once(fake, run_one(fake), ErrorCode::Network); // the connection failed, not the server
}

// A complete HTTP answer whose JSON is cut in half: not JSON, yet it names the prediction.
TEST(GenerationSpend, ACreateAnswerWithHalfItsJsonIsCanceledByTheIdItNames)
{
	FakeReplicate fake(long_model());
	fake.inject(Endpoint::Create, Fault::CreatedThenTruncated);
	expect_canceled_once(fake, run_one(fake));
}

// The prediction was made, but not one byte of the answer came: the id cannot be known, so the status says a
// prediction may still be running. This server is not Replicate's API, so no dashboard is named.
TEST(GenerationSpend, ACreateWhoseIdNeverArrivesSaysAPredictionMayStillRun)
{
	FakeReplicate fake(long_model());
	fake.inject(Endpoint::Create, Fault::CreatedThenReset);
	SpendRun out = run_one(fake);
	EXPECT_EQ(out.final.state, State::Failed);
	EXPECT_TRUE(out.final.prediction_id.empty());
	EXPECT_TRUE(out.final.prediction_may_run);
	EXPECT_EQ(out.final.dashboard_url, "") << "a relay's dashboard is not Replicate's";
	const std::string text = format_status(out.final, [](const char *key) { return std::string(key); });
	EXPECT_NE(text.find("Status.PredictionMayRun"), std::string::npos) << text;
	EXPECT_EQ(fake.cancels(), 0);
}

// A create refused before anything was made (401) says nothing about a running prediction.
TEST(GenerationSpend, ARefusedCreateDoesNotClaimAPredictionMayRun)
{
	FakeReplicate fake(long_model());
	fake.inject(Endpoint::Create, Fault::Unauthorized);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->error, ErrorCode::BadToken);
	EXPECT_FALSE(final->prediction_may_run);
}

} // namespace
} // namespace adiff::test
