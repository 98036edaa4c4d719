// Faults of the clip download, and the token rules whatever fails: what the user sees, and that the token
// shows up in no log line or status.
#include "generation_fault_run.hpp"

#include <gtest/gtest.h>

namespace adiff::test {
namespace {

// ---- the file download -------------------------------------------------------------------------------------

TEST(GenerationFaults, HtmlInsteadOfTheVideoIsNotAVideo)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) {
		o.clip = fake_html_page();
		o.clip_content_type = "text/html";
	});
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::NotAVideo);
	EXPECT_TRUE(out.final.clip_path.empty());
}

TEST(GenerationFaults, HtmlServedAsVideoMp4IsStillNotAVideo)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.clip = fake_html_page(); }); // content type says video/mp4
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::NotAVideo);
}

TEST(GenerationFaults, OutputLargerThanTheCapIsRefused)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.clip = fake_mp4_bytes(200000); });
	GeneratorConfig config = fast_config("");
	config.max_output_bytes = 100000;
	RunResult out = run(fake, config, replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::OutputTooLarge);
}

TEST(GenerationFaults, EndlessDownloadIsRefusedAtTheCap)
{
	FakeReplicate fake;
	fake.inject(Endpoint::Download, Fault::TooLarge, 1);
	GeneratorConfig config = fast_config("");
	config.max_output_bytes = 1 << 20;
	RunResult out = run(fake, config, replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::OutputTooLarge);
	EXPECT_LT(out.seconds, 10.0);
}

TEST(GenerationFaults, DeletedFileIsOutputExpired)
{
	for (Fault fault : {Fault::NotFound, Fault::Gone}) {
		FakeReplicate fake;
		fake.inject(Endpoint::Download, fault, 100);
		RunResult out = run(fake, fast_config(""), replicate_request(fake));
		EXPECT_EQ(out.final.state, State::Failed) << fault_id(fault) << " " << describe(out.final);
		EXPECT_EQ(out.final.error, ErrorCode::OutputExpired) << fault_id(fault);
		EXPECT_EQ(fake.creates(), 1);
	}
}

TEST(GenerationFaults, DownloadUnavailableOnceIsRetried)
{
	FakeReplicate fake;
	fake.inject(Endpoint::Download, Fault::Unavailable, 1);
	RunResult out = run(fake, fast_config(""), replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Ready) << describe(out.final);
	EXPECT_EQ(fake.downloads(), 2);
	EXPECT_EQ(fake.creates(), 1);
}

TEST(GenerationFaults, StalledDownloadEndsWithinTheGenerationLimit)
{
	FakeReplicate fake;
	fake.inject(Endpoint::Download, Fault::Stall, 100);
	GeneratorConfig config = fast_config("");
	config.max_generation_s = 2;
	RunResult out = run(fake, config, replicate_request(fake));
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::Timeout);
	EXPECT_LT(out.seconds, 5.0);
	EXPECT_EQ(fake.creates(), 1);
}

// ---- the token --------------------------------------------------------------------------------------------

TEST(GenerationFaults, TokenNeverAppearsInLogsOrStatusWhateverHappens)
{
	// run() checks every log line and status; this covers faults whose bodies or urls could tempt a
	// client to log the request, and checks that logging happened at all (so the check means something).
	size_t lines = 0;
	for (Fault fault : {Fault::Unauthorized, Fault::InvalidFields, Fault::BadGatewayHtml, Fault::Reset}) {
		FakeReplicate fake;
		fake.inject(Endpoint::Create, fault, 1);
		lines += run(fake, fast_config(""), replicate_request(fake)).log_lines.size();
	}
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.outcome = Outcome::Failed; });
	lines += run(fake, fast_config(""), replicate_request(fake)).log_lines.size();
	EXPECT_GT(lines, 0u) << "the generator logged nothing about five failures";
}

TEST(GenerationFaults, MissingTokenFailsWithoutSendingAnything)
{
	FakeReplicate fake;
	GenerationRequest request = replicate_request(fake);
	request.backend.token.clear();
	RunResult out = run(fake, fast_config(""), request);
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::NoToken);
	EXPECT_EQ(fake.requests().size(), 0u);
}

TEST(GenerationFaults, PlainHttpToARemoteApiIsRefusedBeforeSending)
{
	FakeReplicate fake;
	GenerationRequest request = replicate_request(fake);
	request.backend.api_base_url = "http://api.replicate.invalid/v1";
	RunResult out = run(fake, fast_config(""), request);
	EXPECT_EQ(out.final.state, State::Failed) << describe(out.final);
	EXPECT_EQ(out.final.error, ErrorCode::BadUrl);
}

} // namespace
} // namespace adiff::test
