// Money: one press creates at most one prediction, whatever the transport does, and a prediction the
// plugin gives up on (for any reason) is canceled on the server instead of running on, billed.
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/log_capture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace adiff::test {
namespace {

using namespace std::chrono_literals;

FakeOptions long_processing()
{
	FakeOptions options;
	options.starting_ms = 20;
	options.processing_ms = 20000;
	return options;
}

int lines_containing(const std::vector<std::string> &lines, const std::string &text)
{
	return int(std::count_if(lines.begin(), lines.end(),
				 [&](const std::string &line) { return line.find(text) != std::string::npos; }));
}

// The one prediction of this test was canceled on the server, by its id, with the token.
void expect_canceled_remotely(FakeReplicate &fake)
{
	ASSERT_EQ(fake.predictions_created(), 1);
	const std::string id = fake.prediction_ids().at(0);
	ASSERT_TRUE(fake.wait_until([&] { return fake.prediction(id)->at("status") == "canceled"; }, 5s))
		<< "the prediction keeps billing";
	EXPECT_EQ(fake.requests_to(Endpoint::Cancel).at(0).path,
		  fake.options().prefix + "/predictions/" + id + "/cancel");
}

// ---- one create per press ----------------------------------------------------------------------------------

// The second press reuses the keep-alive connection of the first generation's polls and download. That
// connection dies under the create after the server made the prediction: libcurl would resend the POST on
// a new connection by itself, and the one press would bill two predictions.
TEST(GenerationMoney, ACreateWhoseConnectionDiesIsNeverSentTwice)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog first_log, second_log;
	StatusLog *current = &first_log;
	std::mutex current_mutex;
	Generator generator(fast_config(dir.path()), [&](const Status &s) {
		std::lock_guard<std::mutex> lock(current_mutex);
		current->sink()(s);
	});
	ASSERT_EQ(generator.start(replicate_request(fake, 1)), Generator::StartResult::Started);
	auto first = first_log.wait_final();
	ASSERT_TRUE(first.has_value());
	ASSERT_EQ(first->state, State::Ready);
	ASSERT_EQ(fake.creates(), 1);

	fake.inject(Endpoint::Create, Fault::CreatedThenReset);
	{
		std::lock_guard<std::mutex> lock(current_mutex);
		current = &second_log;
	}
	ASSERT_EQ(generator.start(replicate_request(fake, 2)), Generator::StartResult::Started);
	auto second = second_log.wait_final();
	ASSERT_TRUE(second.has_value());
	EXPECT_EQ(fake.creates(), 2) << "the create of the second press was sent more than once";
	EXPECT_EQ(fake.predictions_created(), 2);
	EXPECT_EQ(second->state, State::Failed);
	EXPECT_EQ(second->error, ErrorCode::Network) << second->detail;
}

// A connect that times out sent nothing: the create is tried again (and again nothing reaches anyone).
TEST(GenerationMoney, ACreateWhoseConnectTimedOutIsTriedAgain)
{
	RawSocketServer blackhole(RawSocketServer::Mode::Blackhole);
	FakeReplicate fake; // only for the token and the version
	TempDir dir;
	StatusLog log;
	LogCapture capture;
	GeneratorConfig config = fast_config(dir.path());
	config.connect_timeout_ms = 200;
	config.max_create_retries = 2;
	GenerationRequest request = replicate_request(fake);
	request.backend.api_base_url = blackhole.url("/v1");
	auto final = run_generation(request, config, log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed);
	EXPECT_EQ(final->error, ErrorCode::Timeout) << final->detail;
	EXPECT_EQ(lines_containing(capture.lines(), "create: timeout before sending, retry"), 2);
}

// ---- every way of giving up cancels the prediction ---------------------------------------------------------

TEST(GenerationMoney, UnreadablePollAnswersAreAskedAgainLikeA503)
{
	FakeOptions options;
	options.processing_ms = 1500; // longer than the create is held: the prediction is polled
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	fake.inject(Endpoint::Get, Fault::MalformedJson, 2);
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Ready) << final->detail;
	EXPECT_EQ(fake.predictions_created(), 1);
	EXPECT_EQ(fake.cancels(), 0);
}

// A fault the server keeps answering with, and what the user is then told.
struct GiveUp {
	const char *name;
	Endpoint endpoint;
	Fault fault;
	int times; // 0: no fault
	int max_get_retries;
	int max_generation_s;
	ErrorCode error;
};

void PrintTo(const GiveUp &g, std::ostream *os)
{
	*os << g.name;
}

class GivingUp : public ::testing::TestWithParam<GiveUp> {};

TEST_P(GivingUp, CancelsThePredictionOnTheServer)
{
	const GiveUp &g = GetParam();
	FakeReplicate fake(long_processing());
	TempDir dir;
	StatusLog log;
	GeneratorConfig config = fast_config(dir.path());
	config.max_get_retries = g.max_get_retries;
	config.max_generation_s = g.max_generation_s;
	if (g.times > 0)
		fake.inject(g.endpoint, g.fault, g.times);
	auto final = run_generation(replicate_request(fake), config, log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed);
	EXPECT_EQ(final->error, g.error) << error_id(final->error) << " " << final->detail;
	EXPECT_EQ(fake.creates(), 1);
	expect_canceled_remotely(fake);
}

INSTANTIATE_TEST_SUITE_P(Money, GivingUp,
			 ::testing::Values(
				 // Asked again like a 503 (max_get_retries), then given up.
				 GiveUp{"PollAnswersStayUnreadable", Endpoint::Get, Fault::MalformedJson, 3, 2, 20,
					ErrorCode::BadResponse},
				 GiveUp{"PollShowsAnUnknownStatus", Endpoint::Get, Fault::UnknownStatus, 2, 1, 20,
					ErrorCode::BadResponse},
				 // The create answer is unreadable but names the prediction it made.
				 GiveUp{"CreateShowsAnUnknownStatus", Endpoint::Create, Fault::UnknownStatus, 1, 8, 20,
					ErrorCode::BadResponse},
				 GiveUp{"PollAnswerIsOversized", Endpoint::Get, Fault::TooLarge, 1, 8, 20,
					ErrorCode::BadResponse},
				 GiveUp{"TheGenerationDeadlinePasses", Endpoint::Get, Fault::MalformedJson, 0, 8, 1,
					ErrorCode::Timeout}),
			 [](const auto &info) { return std::string(info.param.name); });

// The output appears while the prediction still runs and turns out not to be a video: the plugin is done
// with it, so the prediction must stop too.
TEST(GenerationMoney, AnEarlyOutputThatIsNotAVideoCancelsThePrediction)
{
	FakeOptions options = long_processing();
	options.output_early = true;
	options.output_early_at = 0.01;
	options.clip = fake_html_page();
	options.clip_content_type = "text/html";
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Failed);
	EXPECT_EQ(final->error, ErrorCode::NotAVideo) << error_id(final->error);
	EXPECT_EQ(fake.downloads(), 1);
	expect_canceled_remotely(fake);
}

TEST(GenerationMoney, AFinalPredictionIsNotCanceled)
{
	FakeOptions options;
	options.outcome = Outcome::Failed;
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->error, ErrorCode::PredictionFailed);
	EXPECT_EQ(fake.cancels(), 0);
}

// ---- the token stays with the API origin -------------------------------------------------------------------

// A relay answers with urls.get / urls.cancel on another host. Following them would hand that host the
// token: the plugin polls and cancels under its own base instead.
TEST(GenerationMoney, UrlsOnAnotherOriginAreNotFollowedWithTheToken)
{
	FakeReplicate collector;
	FakeOptions options = long_processing();
	options.urls_origin = collector.origin();
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	LogCapture capture;
	Generator generator(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake)), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_state(State::Processing).has_value());
	ASSERT_TRUE(fake.wait_until([&] { return fake.gets() >= 2; }, 5s));
	generator.cancel();
	auto final = log.wait_final(5s);
	ASSERT_TRUE(final.has_value());
	EXPECT_EQ(final->state, State::Canceled);
	expect_canceled_remotely(fake);
	EXPECT_TRUE(collector.requests().empty()) << "another host got a request with the token";
	EXPECT_EQ(lines_containing(capture.lines(), "off the API origin"), 1);
}

} // namespace
} // namespace adiff::test
