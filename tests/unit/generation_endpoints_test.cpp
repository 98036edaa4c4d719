// The model's latest version and deployments: what goes over the wire, what is cached, and the clear
// statuses when the model or deployment does not exist (then nothing is created).
#include "core/config/model_reference.hpp"
#include "core/config/request_body.hpp"
#include "core/generation/cold_start.hpp"
#include "core/generation/generator.hpp"
#include "core/generation/model_version_lookup.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace adiff::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

const std::string kNewerId(64, 'a');

TEST(ModelReference, FormsOfModelVersion)
{
	EXPECT_EQ(version_form(kTestVersion), VersionForm::Pinned);
	EXPECT_EQ(version_form(kAnimateDiffVersionHash), VersionForm::Pinned);
	EXPECT_EQ(version_form("lucataco/animate-diff"), VersionForm::Latest);
	for (const char *bad : {"", "lucataco", "lucataco/", "/animate-diff", "a/b/c", "lucataco/animate diff", "../x",
				"lucataco/animate-diff:short"})
		EXPECT_EQ(version_form(bad), VersionForm::Invalid) << bad;
}

TEST(GenerationEndpoints, ModelNameAloneLooksUpTheLatestVersionAndSendsIt)
{
	FakeReplicate fake;
	fake.configure([&](FakeOptions &o) {
		o.models[kAnimateDiffModel] = kNewerId;
		o.versions.push_back(kNewerId);
	});
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	request.backend.model_version = kAnimateDiffModel;
	request.version_cache = std::make_shared<ModelVersionCache>();
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final);
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
	EXPECT_EQ(final->resolved_version, std::string(kAnimateDiffModel) + ":" + kNewerId);

	ASSERT_EQ(fake.count(Endpoint::Model), 1);
	const RecordedRequest lookup = fake.requests_to(Endpoint::Model)[0];
	EXPECT_EQ(lookup.method, "GET");
	EXPECT_EQ(lookup.path, "/v1/models/lucataco/animate-diff");
	EXPECT_EQ(lookup.headers.at("authorization"), "Bearer " + request.backend.token);
	ASSERT_EQ(fake.creates(), 1);
	const json body = json::parse(fake.requests_to(Endpoint::Create)[0].body);
	EXPECT_EQ(body["version"], std::string(kAnimateDiffModel) + ":" + kNewerId);

	// The second generation of this source uses the session cache: no second lookup.
	StatusLog second;
	auto again = run_generation(request, fast_config(dir.path()), second);
	ASSERT_TRUE(again);
	EXPECT_EQ(again->state, State::Ready);
	EXPECT_EQ(fake.count(Endpoint::Model), 1);
	EXPECT_EQ(fake.creates(), 2);
}

TEST(GenerationEndpoints, UnknownModelIsAClearStatusAndNothingIsCreated)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	request.backend.model_version = "nobody/no-such-model";
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final);
	EXPECT_EQ(final->state, State::Failed);
	EXPECT_EQ(final->error, ErrorCode::UnknownModel);
	EXPECT_EQ(final->detail, "nobody/no-such-model");
	EXPECT_EQ(final->http_status, 404);
	EXPECT_EQ(fake.creates(), 0);
}

TEST(GenerationEndpoints, LookupIsRetriedLikeAReadNeverACreate)
{
	FakeReplicate fake;
	fake.inject(Endpoint::Model, Fault::Unavailable, 2);
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	request.backend.model_version = kAnimateDiffModel;
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final);
	EXPECT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
	EXPECT_EQ(fake.count(Endpoint::Model), 3);
	EXPECT_EQ(fake.creates(), 1);
}

TEST(GenerationEndpoints, FailedLookupWithBadTokenCreatesNothing)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	request.backend.model_version = kAnimateDiffModel;
	request.backend.token = "r8_wrong";
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final);
	EXPECT_EQ(final->error, ErrorCode::BadToken);
	EXPECT_EQ(fake.creates(), 0);
}

TEST(GenerationEndpoints, DeploymentCreatesThroughItsEndpointWithInputOnly)
{
	FakeOptions options;
	options.prefix = "/replicate/v1"; // a relay with the same paths
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	request.backend.deployment = kFakeDeployment;
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final);
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
	ASSERT_EQ(fake.creates(), 1);
	const RecordedRequest create = fake.requests_to(Endpoint::Create)[0];
	EXPECT_EQ(create.path, "/replicate/v1/deployments/acme/animate-diff-show/predictions");
	const json body = json::parse(create.body);
	EXPECT_FALSE(body.contains("version"));
	EXPECT_EQ(body["input"], input_json(request.params));
	EXPECT_EQ(fake.count(Endpoint::Model), 0);
}

TEST(GenerationEndpoints, UnknownDeploymentIsAClearStatus)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	request.backend.deployment = "acme/not-deployed";
	auto final = run_generation(request, fast_config(dir.path()), log);
	ASSERT_TRUE(final);
	EXPECT_EQ(final->error, ErrorCode::UnknownDeployment);
	EXPECT_EQ(final->detail, "acme/not-deployed");
	EXPECT_EQ(fake.predictions_created(), 0);
}

TEST(GenerationEndpoints, CancelReachesADeploymentsPrediction)
{
	FakeReplicate fake;
	fake.configure([](FakeOptions &o) { o.processing_ms = 20000; });
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	GenerationRequest request = replicate_request(fake);
	request.backend.deployment = kFakeDeployment;
	ASSERT_EQ(generator.start(request), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_state(State::Processing));
	generator.cancel();
	auto final = log.wait_final();
	ASSERT_TRUE(final);
	EXPECT_EQ(final->state, State::Canceled);
	EXPECT_EQ(fake.creates(), 1);
	EXPECT_EQ(fake.cancels(), 1);
}

TEST(GenerationEndpoints, DeploymentIsPartOfTheRequestHash)
{
	BackendConfig plain;
	plain.model_version = kTestVersion;
	BackendConfig deployed = plain;
	deployed.deployment = kFakeDeployment;
	EXPECT_NE(request_hash(plain, test_params()), request_hash(deployed, test_params()));
}

TEST(ColdStart, StatusLineAndErrorIds)
{
	const Translate keys = [](const char *key) {
		return std::string(key);
	};
	Status status;
	status.state = State::Starting;
	EXPECT_EQ(format_status(status, keys), "Status.Starting");
	status.cold_start = true;
	EXPECT_EQ(format_status(status, keys), "Status.ColdStart");
	EXPECT_STREQ(error_id(ErrorCode::UnknownModel), "unknown_model");
	EXPECT_STREQ(error_id(ErrorCode::UnknownDeployment), "unknown_deployment");
}

TEST(ColdStart, SaysSoOnlyAfterTheThreshold)
{
	const auto t0 = ColdStartWatch::Clock::now();
	const ColdStartWatch watch(t0, 15);
	EXPECT_FALSE(watch.update(true, t0));
	EXPECT_FALSE(watch.update(true, t0 + 14s));
	EXPECT_TRUE(watch.update(true, t0 + 15s));
	EXPECT_FALSE(watch.update(false, t0 + 16s));
}

// The create's answer may be slow (a loaded API, a relay) before the first `starting` is seen: the
// threshold counts from the create, so 15 s after it is a cold start even if the first answer came at 5 s.
TEST(ColdStart, CountsFromTheCreateNotFromTheFirstAnswer)
{
	const auto sent = ColdStartWatch::Clock::now();
	const ColdStartWatch watch(sent, 15);
	EXPECT_FALSE(watch.update(true, sent + 5s)); // the slow create answers `starting`
	EXPECT_TRUE(watch.update(true, sent + 15s));
}

} // namespace
} // namespace adiff::test
