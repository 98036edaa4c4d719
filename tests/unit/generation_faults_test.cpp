// Every way Replicate, a relay or the network can fail on the create, the polls and the prediction itself,
// and what the user then sees: the final state, the error, a useful detail. Also what must NOT happen: a second
// (billed) prediction from a blind retry, or the token showing up in a log line or a status.
#include "generation_fault_run.hpp"

#include <gtest/gtest.h>

#include <mutex>

namespace adiff::test {
namespace {

// ---- faults on the create POST ---------------------------------------------------------------------------

struct CreateFault {
	const char *name;
	Fault fault;
	int times;
	ErrorCode error;
	int http_status;         // 0: none expected
	const char *detail_part; // "" = not checked
	int creates;             // create POSTs the server must see; -1: retried, 1..1+max_create_retries
};

void PrintTo(const CreateFault &c, std::ostream *os)
{
	*os << c.name;
}

class CreateFaults : public ::testing::TestWithParam<CreateFault> {};

TEST_P(CreateFaults, EndFailedWithTheRightErrorAndNoDuplicatePrediction)
{
	const CreateFault &c = GetParam();
	FakeReplicate fake;
	fake.inject(Endpoint::Create, c.fault, c.times);
	GeneratorConfig config = fast_config("");
	config.max_generation_s = 3; // bounds the stalled socket
	RunResult out = run(fake, config, replicate_request(fake));

	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, c.error) << describe(out.final);
	if (c.http_status) {
		EXPECT_EQ(out.final.http_status, c.http_status) << describe(out.final);
	}
	if (*c.detail_part) {
		EXPECT_NE(out.final.detail.find(c.detail_part), std::string::npos) << describe(out.final);
	}
	if (c.creates < 0) {
		EXPECT_GE(fake.creates(), 1);
		EXPECT_LE(fake.creates(), 1 + config.max_create_retries);
	} else {
		EXPECT_EQ(fake.creates(), c.creates) << "create POSTs (a retry could bill a second prediction)";
	}
	EXPECT_EQ(fake.predictions_created(), 0);
	EXPECT_EQ(fake.downloads(), 0);
}

INSTANTIATE_TEST_SUITE_P(
	Replicate, CreateFaults,
	::testing::Values(
		CreateFault{"Unauthorized", Fault::Unauthorized, 1, ErrorCode::BadToken, 401, "", 1},
		CreateFault{"Billing", Fault::BillingRequired, 1, ErrorCode::Billing, 402, "", 1},
		CreateFault{"NotFound", Fault::NotFound, 1, ErrorCode::BadVersion, 404, "", 1},
		CreateFault{"InvalidVersion", Fault::InvalidVersion, 1, ErrorCode::BadVersion, 422, "version", 1},
		CreateFault{"InvalidFields", Fault::InvalidFields, 1, ErrorCode::InvalidInput, 422, "steps", 1},
		// 429 means nothing was created: retried, then given up with the announced wait.
		CreateFault{"ThrottledPersistently", Fault::Throttled, 100, ErrorCode::Throttled, 429, "", -1},
		// 5xx, malformed answers and dropped connections may hide a created prediction: never retried.
		CreateFault{"InternalError", Fault::InternalError, 1, ErrorCode::ServerError, 500, "500", 1},
		CreateFault{"BadGatewayHtml", Fault::BadGatewayHtml, 1, ErrorCode::ServerError, 502, "502", 1},
		CreateFault{"Unavailable", Fault::Unavailable, 1, ErrorCode::ServerError, 503, "503", 1},
		CreateFault{"GatewayTimeout", Fault::GatewayTimeout, 1, ErrorCode::ServerError, 504, "504", 1},
		CreateFault{"MalformedJson", Fault::MalformedJson, 1, ErrorCode::BadResponse, 0, "", 1},
		CreateFault{"Reset", Fault::Reset, 1, ErrorCode::Network, 0, "", 1},
		CreateFault{"Stall", Fault::Stall, 1, ErrorCode::Timeout, 0, "", 1}),
	[](const auto &info) { return std::string(info.param.name); });

TEST(GenerationFaults, ThrottledCreateTellsTheWaitFromTheDetailText)
{
	FakeReplicate fake;
	fake.inject(Endpoint::Create, Fault::Throttled, 100);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.error, ErrorCode::Throttled) << describe(out.final);
	EXPECT_EQ(out.final.retry_after_s, 30) << "\"resets in ~30s\"";
}

TEST(GenerationFaults, ThrottledCreateWithALongRetryAfterReportsThatWait)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.retry_after_s = 7; });
	fake.inject(Endpoint::Create, Fault::ThrottledRetryAfter, 100);
	GeneratorConfig config = fast_config("");
	config.max_retry_after_s = 1; // 7 s is more than the client will sit through
	RunResult out = run(fake, config, replicate_request(fake), 30s);
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::Throttled) << describe(out.final);
	EXPECT_EQ(out.final.retry_after_s, 7);
	EXPECT_GE(fake.creates(), 1);
	EXPECT_LE(fake.creates(), 1 + config.max_create_retries);
	EXPECT_EQ(fake.predictions_created(), 0);
}

TEST(GenerationFaults, ThrottledOnceThenAcceptedCreatesExactlyOnePrediction)
{
	FakeReplicate fake;
	fake.inject(Endpoint::Create, Fault::Throttled, 1);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Ready) << describe(out.final);
	EXPECT_EQ(fake.creates(), 2);
	EXPECT_EQ(fake.predictions_created(), 1);
}

TEST(GenerationFaults, ThrottledWithRetryAfterWaitsThatLongBeforeRetrying)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.retry_after_s = 1; });
	fake.inject(Endpoint::Create, Fault::ThrottledRetryAfter, 1);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Ready) << describe(out.final);
	auto creates = fake.requests_to(Endpoint::Create);
	ASSERT_EQ(creates.size(), 2u);
	EXPECT_GE(creates[1].t_ms - creates[0].t_ms, 900.0) << "Retry-After: 1 was not honoured";
	EXPECT_EQ(fake.predictions_created(), 1);
	bool told_user = false;
	for (const auto &s : out.seen)
		told_user = told_user || (s.retry_after_s == 1 && !is_final(s.state));
	EXPECT_TRUE(told_user) << "the wait was not shown while waiting";
}

// ---- faults while following the prediction (GET) -------------------------------------------------------

// The prediction stays `starting` for a while, so the client polls it several times.
FakeReplicate &slow_start(FakeReplicate &fake)
{
	fake.configure([](FakeOptions &o) {
		o.starting_ms = 1100;
		o.processing_ms = 60;
	});
	return fake;
}

struct GetFault {
	const char *name;
	Fault fault;
	int times;
};

void PrintTo(const GetFault &c, std::ostream *os)
{
	*os << c.name;
}

class TransientGetFaults : public ::testing::TestWithParam<GetFault> {};

TEST_P(TransientGetFaults, AreRetriedAndEndReady)
{
	FakeReplicate fake;
	slow_start(fake).inject(Endpoint::Get, GetParam().fault, GetParam().times);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Ready) << describe(out.final);
	EXPECT_GE(fake.gets(), GetParam().times + 1);
	EXPECT_EQ(fake.creates(), 1);
	EXPECT_EQ(fake.predictions_created(), 1);
}

INSTANTIATE_TEST_SUITE_P(Replicate, TransientGetFaults,
			 ::testing::Values(GetFault{"Unavailable", Fault::Unavailable, 2},
					   GetFault{"Throttled", Fault::Throttled, 2},
					   GetFault{"InternalError", Fault::InternalError, 1},
					   GetFault{"BadGatewayHtml", Fault::BadGatewayHtml, 1},
					   GetFault{"GatewayTimeout", Fault::GatewayTimeout, 1},
					   GetFault{"Reset", Fault::Reset, 1}),
			 [](const auto &info) { return std::string(info.param.name); });

TEST(GenerationFaults, UnauthorizedPollEndsWithBadToken)
{
	FakeReplicate fake;
	slow_start(fake).inject(Endpoint::Get, Fault::Unauthorized, 1);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::BadToken) << describe(out.final);
	EXPECT_EQ(fake.gets(), 1) << "a 401 does not heal by retrying";
}

TEST(GenerationFaults, PersistentlyUnavailablePollGivesUpAfterTheRetries)
{
	FakeReplicate fake;
	slow_start(fake).inject(Endpoint::Get, Fault::Unavailable, 1000);
	GeneratorConfig config = fast_config("");
	config.max_get_retries = 3;
	RunResult out = run(fake, config, replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::ServerError) << describe(out.final);
	EXPECT_EQ(out.final.http_status, 503);
	EXPECT_EQ(fake.gets(), 1 + config.max_get_retries);
}

TEST(GenerationFaults, MalformedPollAnswerIsBadResponse)
{
	FakeReplicate fake;
	slow_start(fake).inject(Endpoint::Get, Fault::MalformedJson, 1000);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::BadResponse) << describe(out.final);
}

// ---- how the prediction itself ends ---------------------------------------------------------------------

TEST(GenerationFaults, FailedPredictionShowsTheModelsError)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) {
		o.outcome = Outcome::Failed;
		o.error_text = "CUDA out of memory. Tried to allocate 2.00 GiB";
	});
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::PredictionFailed);
	EXPECT_EQ(out.final.detail, "CUDA out of memory. Tried to allocate 2.00 GiB");
	EXPECT_FALSE(out.final.prediction_id.empty());
	EXPECT_EQ(fake.downloads(), 0);
}

TEST(GenerationFaults, PredictionCanceledElsewhereEndsCanceled)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.outcome = Outcome::Canceled; });
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Canceled) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::Canceled);
	EXPECT_EQ(fake.downloads(), 0);
}

TEST(GenerationFaults, AbortedPredictionEndsCanceledSayingAborted)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.outcome = Outcome::Aborted; });
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Canceled) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::Canceled);
	EXPECT_EQ(out.final.detail, "aborted");
}

TEST(GenerationFaults, RemovedDataIsOutputExpired)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.outcome = Outcome::DataRemoved; });
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::OutputExpired);
}

TEST(GenerationFaults, SucceededWithoutOutputIsOutputMissing)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.outcome = Outcome::NoOutput; });
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::OutputMissing);
}

} // namespace
} // namespace adiff::test
