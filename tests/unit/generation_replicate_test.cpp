// A whole generation against the loopback fake of Replicate: what goes over the wire, what the user sees
// while it runs, and the clip that ends up on disk.
#include "core/generation/generator.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/log_capture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace adiff::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

json expected_input(const ModelParams &p)
{
	return {{"prompt", p.prompt}, {"n_prompt", p.n_prompt},
		{"path", p.path},     {"motion_module", p.motion_module},
		{"steps", p.steps},   {"guidance_scale", p.guidance_scale},
		{"seed", p.seed}};
}

std::vector<std::string> files_in(const std::string &dir)
{
	std::vector<std::string> names;
	for (const auto &entry : std::filesystem::directory_iterator(dir))
		names.push_back(entry.path().string());
	return names;
}

TEST(GenerationReplicate, SendsTheExactRequestAndWritesTheServedClip)
{
	FakeOptions options;
	options.clip = fake_mp4_bytes(50000);
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	GenerationRequest request = replicate_request(fake, 987654321);

	ASSERT_EQ(generator.start(request), Generator::StartResult::Started);
	auto final = log.wait_final();
	ASSERT_TRUE(final.has_value());
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;

	ASSERT_EQ(fake.creates(), 1);
	const RecordedRequest create = fake.requests_to(Endpoint::Create)[0];
	EXPECT_EQ(create.method, "POST");
	EXPECT_EQ(create.path, "/v1/predictions");
	json body = json::parse(create.body, nullptr, false);
	ASSERT_FALSE(body.is_discarded()) << create.body;
	EXPECT_EQ(body, json({{"version", kTestVersion}, {"input", expected_input(request.params)}}));
	EXPECT_EQ(create.headers.at("authorization"), "Bearer " + request.backend.token);
	// No held create: the id comes back at once, so a removal or a quit can always cancel the prediction.
	EXPECT_EQ(create.headers.count("prefer"), 0u);
	EXPECT_EQ(create.headers.at("content-type").rfind("application/json", 0), 0u);

	// The file host gets no token: it is another party and the official clients do the same.
	ASSERT_GE(fake.downloads(), 1);
	EXPECT_EQ(fake.downloads_with_authorization(), 0);
	for (const auto &get : fake.requests_to(Endpoint::Get))
		EXPECT_EQ(get.headers.at("authorization"), "Bearer " + request.backend.token);

	EXPECT_EQ(read_file(final->clip_path), options.clip);
	EXPECT_EQ(std::filesystem::path(final->clip_path).parent_path(), std::filesystem::path(dir.path()));
	EXPECT_EQ(files_in(dir.path()), std::vector<std::string>{final->clip_path}) << "temporary files left";
	EXPECT_EQ(final->seed, 987654321);
	EXPECT_TRUE(final->seed_confirmed);
	EXPECT_EQ(final->prediction_id, fake.prediction_ids().at(0));
	EXPECT_NEAR(final->predict_time, options.processing_ms / 1000.0, 1e-6);
	EXPECT_FALSE(final->from_cache);
	EXPECT_EQ(final->error, ErrorCode::None);
	EXPECT_DOUBLE_EQ(final->progress, 1.0);
	EXPECT_FALSE(generator.busy());
	EXPECT_EQ(generator.status().state, State::Ready);
}

// Each stage is waited for as an event: the fake's predictions are held at chosen points of their run (as a
// slow model would be) and let on once the client has reported that point, so a loaded machine cannot make
// a poll miss a stage.
TEST(GenerationReplicate, ReportsEveryStageAndTheDenoisingStepsInOrder)
{
	FakeOptions options;
	options.starting_ms = 200;
	options.processing_ms = 1000; // denoising 0..60 %, decoding frames 60..80 %, writing the file after
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	GenerationRequest request = replicate_request(fake);
	Generator generator(fast_config(dir.path()), log.sink());
	auto hold_at = [&](int ms) {
		fake.cap_prediction_age(std::chrono::milliseconds(ms));
	};
	hold_at(100); // starting
	ASSERT_EQ(generator.start(request), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_state(State::Starting, 10s).has_value());
	hold_at(200 + 200); // a third of the denoising
	auto first = log.wait_for([](const Status &s) { return s.state == State::Processing && s.step > 0; }, 10s);
	ASSERT_TRUE(first.has_value()) << "the denoising bar never showed";
	hold_at(200 + 500); // most of the denoising
	ASSERT_TRUE(log.wait_for([&](const Status &s) { return s.step > first->step; }, 10s).has_value())
		<< "the denoising bar never moved";
	hold_at(200 + 700); // decoding frames
	ASSERT_TRUE(log.wait_for([](const Status &s) { return s.frames == 16 && s.frame > 0; }, 10s).has_value());
	fake.cap_prediction_age(std::nullopt);
	auto final = log.wait_final();
	ASSERT_TRUE(final.has_value());
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;

	std::vector<Status> seen = log.seen();
	ASSERT_FALSE(seen.empty());
	EXPECT_EQ(seen.front().state, State::Submitting);
	std::vector<State> stages;
	for (const auto &s : seen)
		if (stages.empty() || stages.back() != s.state)
			stages.push_back(s.state);
	EXPECT_EQ(stages, (std::vector<State>{State::Submitting, State::Starting, State::Processing, State::Downloading,
					      State::Ready}));

	std::set<int> steps_seen;
	int last_step = 0;
	double last_progress = 0;
	bool saw_frames = false;
	for (const auto &s : seen) {
		EXPECT_GE(s.progress, last_progress) << "progress went backwards at " << state_id(s.state);
		EXPECT_LE(s.progress, 1.0);
		last_progress = s.progress;
		if (s.state != State::Processing)
			continue;
		if (s.steps > 0) {
			EXPECT_EQ(s.steps, request.params.steps);
			EXPECT_GE(s.step, last_step) << "step went backwards";
			EXPECT_LE(s.step, s.steps);
			last_step = s.step;
			steps_seen.insert(s.step);
		}
		if (s.frames == 16 && s.frame > 0)
			saw_frames = true;
	}
	EXPECT_GE(steps_seen.size(), 2u) << "the denoising bar never moved";
	EXPECT_TRUE(saw_frames) << "the frame-decoding bar (k/16) was never reported";
	EXPECT_EQ(seen.back().state, State::Ready);
	EXPECT_DOUBLE_EQ(seen.back().progress, 1.0);
	EXPECT_GE(fake.gets(), 3);
	EXPECT_EQ(fake.creates(), 1);
}

TEST(GenerationReplicate, RelayPrefixIsUsedAsIs)
{
	FakeOptions options;
	options.prefix = "/replicate/v1";
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
	ASSERT_EQ(fake.creates(), 1);
	EXPECT_EQ(fake.requests_to(Endpoint::Create)[0].path, "/replicate/v1/predictions");
	EXPECT_EQ(fake.count(Endpoint::Other), 0);
	EXPECT_EQ(read_file(final->clip_path), fake.options().clip);
}

TEST(GenerationReplicate, SlowPredictionIsFollowedByPollingTheGetUrl)
{
	FakeOptions options;
	options.starting_ms = 50;
	options.processing_ms = 1300; // polled many times
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
	ASSERT_GE(fake.gets(), 1);
	for (const auto &get : fake.requests_to(Endpoint::Get))
		EXPECT_EQ(get.path, "/v1/predictions/" + final->prediction_id);
	EXPECT_EQ(fake.cancels(), 0);
}

struct ShapeCase {
	const char *name;
	OutputShape shape;
	bool output_early;
};

void PrintTo(const ShapeCase &c, std::ostream *os)
{
	*os << c.name;
}

class GenerationOutputShape : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(GenerationOutputShape, EndsReadyWithTheVideoBytes)
{
	FakeOptions options;
	options.shape = GetParam().shape;
	options.output_early = GetParam().output_early;
	options.processing_ms = GetParam().output_early ? 1500 : 80;
	options.clip = fake_mp4_bytes(30000);
	FakeReplicate fake(options);
	TempDir dir;
	StatusLog log;
	auto final = run_generation(replicate_request(fake), fast_config(dir.path()), log);
	ASSERT_TRUE(final.has_value());
	ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
	EXPECT_EQ(read_file(final->clip_path), options.clip) << "not the mp4 (the png of a list?)";
	EXPECT_EQ(fake.creates(), 1);
	EXPECT_EQ(fake.downloads_with_authorization(), 0);
	if (options.shape == OutputShape::DataUrl) {
		EXPECT_EQ(fake.downloads(), 0) << "a data: url is decoded locally";
	}
	for (const auto &d : fake.requests_to(Endpoint::Download))
		EXPECT_NE(d.path.find("out.mp4"), std::string::npos) << "downloaded " << d.path;
}

INSTANTIATE_TEST_SUITE_P(Shapes, GenerationOutputShape,
			 ::testing::Values(ShapeCase{"Url", OutputShape::Url, false},
					   ShapeCase{"UrlList", OutputShape::UrlList, false},
					   ShapeCase{"DataUrl", OutputShape::DataUrl, false},
					   ShapeCase{"RelayData", OutputShape::RelayData, false},
					   ShapeCase{"UrlWhileProcessing", OutputShape::Url, true}),
			 [](const auto &info) { return std::string(info.param.name); });

TEST(GenerationReplicate, FixedSeedRepeatIsServedFromDiskWithoutANewPrediction)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog first_log;
	GenerationRequest request = replicate_request(fake, 4242);
	request.seed_was_random = false;
	std::string first_path;
	{
		auto final = run_generation(request, fast_config(dir.path()), first_log);
		ASSERT_TRUE(final.has_value());
		ASSERT_EQ(final->state, State::Ready) << error_id(final->error) << ": " << final->detail;
		EXPECT_FALSE(final->from_cache);
		first_path = final->clip_path;
	}
	ASSERT_EQ(fake.creates(), 1);

	const size_t requests_before = fake.requests().size();
	StatusLog again_log;
	auto again = run_generation(request, fast_config(dir.path()), again_log);
	ASSERT_TRUE(again.has_value());
	ASSERT_EQ(again->state, State::Ready) << error_id(again->error) << ": " << again->detail;
	EXPECT_TRUE(again->from_cache);
	EXPECT_EQ(again->clip_path, first_path);
	EXPECT_EQ(again->seed, 4242);
	EXPECT_EQ(read_file(again->clip_path), fake.options().clip);
	EXPECT_EQ(fake.creates(), 1) << "a cached clip must not cost a prediction";
	EXPECT_EQ(fake.requests().size(), requests_before) << "nothing at all goes over the network";

	// The same values with a seed that was drawn at random ask the server again (the user pressed
	// Generate for something new, the coincidence of seeds is not a request for the old clip).
	StatusLog random_log;
	Generator random_generator(fast_config(dir.path()), random_log.sink());
	GenerationRequest random_request = request;
	random_request.seed_was_random = true;
	ASSERT_EQ(random_generator.start(random_request), Generator::StartResult::Started);
	auto fresh = random_log.wait_final();
	ASSERT_TRUE(fresh.has_value());
	EXPECT_EQ(fresh->state, State::Ready);
	EXPECT_FALSE(fresh->from_cache);
	EXPECT_EQ(fake.creates(), 2);
}

TEST(GenerationReplicate, GeneratorRunsASecondGenerationAfterTheFirstEnds)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog log;
	Generator generator(fast_config(dir.path()), log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake, 11)), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_final().has_value());
	ASSERT_TRUE(fake.wait_until([&] { return !generator.busy(); }, 2s));
	ASSERT_EQ(generator.start(replicate_request(fake, 22)), Generator::StartResult::Started);
	auto second = log.wait_for([](const Status &s) { return s.state == State::Ready && s.seed == 22; }, 15s);
	ASSERT_TRUE(second.has_value());
	EXPECT_EQ(fake.creates(), 2);
	EXPECT_EQ(json::parse(fake.requests_to(Endpoint::Create)[1].body)["input"]["seed"], 22);
}

// In the OBS log a generation's lines read "[obs-animatediff: 'Loop 1'] ...": the name each generation
// started with, even when the source is renamed while it runs.
TEST(GenerationReplicate, LogLinesNameTheSourceAsItWasNamedWhenTheGenerationStarted)
{
	FakeReplicate fake;
	TempDir dir;
	StatusLog log;
	LogCapture capture;
	GeneratorConfig config = fast_config(dir.path());
	config.log_name = "Loop 1";
	Generator generator(config, log.sink());
	ASSERT_EQ(generator.start(replicate_request(fake, 11)), Generator::StartResult::Started);
	generator.set_log_name("Loop 2"); // renamed while the first generation runs
	ASSERT_TRUE(log.wait_final().has_value());
	ASSERT_TRUE(fake.wait_until([&] { return !generator.busy(); }, 2s));
	const size_t first_lines = capture.lines().size();
	ASSERT_EQ(generator.start(replicate_request(fake, 22)), Generator::StartResult::Started);
	ASSERT_TRUE(log.wait_for([](const Status &s) { return s.state == State::Ready && s.seed == 22; }, 15s));

	const std::vector<std::string> lines = capture.lines();
	const std::vector<std::string> sources = capture.sources();
	ASSERT_EQ(lines.size(), sources.size());
	ASSERT_GT(first_lines, 0u);
	ASSERT_GT(lines.size(), first_lines);
	int ready_lines = 0;
	for (size_t i = 0; i < lines.size(); ++i) {
		if (lines[i].find("generation ") != 0)
			continue;
		EXPECT_EQ(sources[i], i < first_lines ? "Loop 1" : "Loop 2") << lines[i];
		ready_lines += lines[i].find(": ready id=") != std::string::npos;
	}
	EXPECT_EQ(ready_lines, 2);
}

} // namespace
} // namespace adiff::test
