// A self-hosted Cog server (the same model on the user's own GPU): synchronous predictions answered with
// the clip inline as a data: url, 409 while busy, FastAPI-style validation errors.
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace adiff::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

FakeOptions cog_options()
{
	FakeOptions options;
	options.cog = true;
	options.clip = fake_mp4_bytes(40000);
	return options;
}

std::string describe(const Status &s)
{
	return std::string(state_id(s.state)) + "/" + error_id(s.error) + " detail '" + s.detail + "'";
}

TEST(GenerationCog, DataUrlOutputIsDecodedToTheExactBytes)
{
	FakeReplicate fake(cog_options());
	TempDir dir;
	StatusLog log;
	GenerationRequest request = cog_request(fake, 777);
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	ASSERT_EQ(final->state, State::Ready) << describe(*final);
	EXPECT_EQ(read_file(final->clip_path), fake.options().clip);
	EXPECT_EQ(final->seed, 777);
	EXPECT_TRUE(final->seed_confirmed);

	ASSERT_EQ(fake.creates(), 1);
	const RecordedRequest create = fake.requests_to(Endpoint::Create)[0];
	EXPECT_EQ(create.method, "POST");
	EXPECT_EQ(create.path, "/predictions");
	json body = json::parse(create.body, nullptr, false);
	ASSERT_TRUE(body.is_object()) << create.body;
	EXPECT_FALSE(body.contains("version")) << "Cog takes only the input";
	ASSERT_TRUE(body.contains("input"));
	EXPECT_EQ(body["input"]["seed"], 777);
	EXPECT_EQ(body["input"]["steps"], request.params.steps);
	EXPECT_EQ(body["input"]["prompt"], request.params.prompt);
	EXPECT_EQ(fake.gets(), 0);
	EXPECT_EQ(fake.downloads(), 0);
}

TEST(GenerationCog, BusyServerIsReportedAsBusy)
{
	FakeOptions options = cog_options();
	options.processing_ms = 20000;
	FakeReplicate fake(options);
	TempDir dir;

	// Someone else's prediction occupies the server.
	StatusLog first_log;
	auto first = std::make_unique<Generator>(fast_config(dir.path()), first_log.sink());
	ASSERT_EQ(first->start(cog_request(fake, 1)), Generator::StartResult::Started);
	ASSERT_TRUE(fake.wait_until([&] { return fake.cog_running(); }, 3s));

	StatusLog log;
	auto final = run_generation(cog_request(fake, 2), fast_config(dir.path()), log, 5s);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed) << describe(*final);
	EXPECT_EQ(final->error, ErrorCode::Busy);
	EXPECT_EQ(final->http_status, 409);
	EXPECT_EQ(fake.creates(), 2);

	auto start = std::chrono::steady_clock::now();
	first.reset();
	EXPECT_LT(seconds_since(start), 1.0);
}

TEST(GenerationCog, InjectedConflictIsBusy)
{
	FakeReplicate fake(cog_options());
	fake.inject(Endpoint::Create, Fault::Conflict, 1);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(cog_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->error, ErrorCode::Busy) << describe(*final);
	EXPECT_EQ(fake.creates(), 1) << "a busy server is not hammered";
}

// A create follows one rule on both backends: a 429 created nothing, so it is sent again.
TEST(GenerationCog, ThrottledOnceIsSentAgainAndEndsReady)
{
	FakeReplicate fake(cog_options());
	fake.inject(Endpoint::Create, Fault::Throttled, 1);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(cog_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Ready) << describe(*final);
	EXPECT_EQ(fake.creates(), 2);
}

TEST(GenerationCog, FastApiValidationErrorNamesTheField)
{
	FakeReplicate fake(cog_options());
	fake.inject(Endpoint::Create, Fault::CogValidation, 1);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(cog_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed) << describe(*final);
	EXPECT_EQ(final->error, ErrorCode::InvalidInput);
	EXPECT_EQ(final->http_status, 422);
	EXPECT_NE(final->detail.find("steps"), std::string::npos) << describe(*final);
}

TEST(GenerationCog, FailedPredictionShowsTheModelsError)
{
	FakeOptions options = cog_options();
	options.outcome = Outcome::Failed;
	options.error_text = "RuntimeError: CUDA error: out of memory";
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(cog_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed) << describe(*final);
	EXPECT_EQ(final->error, ErrorCode::PredictionFailed);
	EXPECT_EQ(final->detail, options.error_text);
}

TEST(GenerationCog, DestroyingDuringTheSynchronousPredictionReturnsFast)
{
	FakeOptions options = cog_options();
	options.processing_ms = 20000;
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto generator = std::make_unique<Generator>(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator->start(cog_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(fake.wait_until([&] { return fake.cog_running(); }, 3s));
	auto start = std::chrono::steady_clock::now();
	generator.reset();
	EXPECT_LT(seconds_since(start), 1.0);
}

} // namespace
} // namespace adiff::test
