// Writes the fuzz targets' seed corpora from the project's own sources of truth, so the seeds stay
// faithful when those change: prediction bodies as the fake Replicate / Cog / relay really answer them
// over loopback, its error bodies, the model's log text, token files written by TokenStore, request
// settings, and tiny clips made with the ffmpeg CLI. Built with the normal (gcc) build.
//   adiff_fuzz_seeds <out-dir>   -> <out-dir>/<target>/<seed files>
#include "core/clips/clip_store.hpp"
#include "core/net/http_client.hpp"
#include "core/config/request_body.hpp"
#include "core/config/token_store.hpp"
#include "core/media/thumbnail_png.hpp"
#include "fake_replicate/api_bodies.hpp"
#include "fake_replicate/fake_replicate.hpp"
#include "fake_replicate/prediction_logs.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <filesystem>
#include <iostream>

namespace {

using namespace adiff;
using namespace adiff::test;
using nlohmann::json;

class SeedWriter {
public:
	explicit SeedWriter(std::string dir) : dir_(std::move(dir)) {}
	void add(const std::string &target, const std::string &bytes)
	{
		std::filesystem::create_directories(dir_ + "/" + target);
		write_file(dir_ + "/" + target + "/seed-" + std::to_string(++count_[target]), bytes);
	}
	void add_file(const std::string &target, const std::string &path) { add(target, read_file(path)); }
	const std::map<std::string, int> &counts() const { return count_; }

private:
	std::string dir_;
	std::map<std::string, int> count_;
};

HttpResult call(HttpClient &client, const std::string &method, const std::string &url, const std::string &token,
		const std::string &body = "")
{
	HttpRequest request;
	request.method = method;
	request.url = url;
	request.body = body;
	request.headers = {{"Content-Type", "application/json"}};
	if (!token.empty())
		request.headers.push_back({"Authorization", "Bearer " + token});
	request.limits.total_timeout_ms = 5000;
	CancelFlag cancel;
	return client.perform(request, cancel);
}

std::string create_body(bool cog)
{
	BackendConfig backend;
	backend.backend = cog ? Backend::Cog : Backend::Replicate;
	backend.model_version = kAnimateDiffVersionHash;
	ModelParams params = default_params();
	params.steps = 4;
	params.seed = 1234;
	return request_body(backend, params).dump();
}

// Every body one prediction shows: the create answer, each poll until final (logs growing), the
// cancel answer; for each outcome and output shape of the fake.
void prediction_bodies(SeedWriter &seeds)
{
	HttpClient client;
	const Outcome outcomes[] = {Outcome::Succeeded, Outcome::Failed,      Outcome::Canceled,
				    Outcome::Aborted,   Outcome::DataRemoved, Outcome::NoOutput};
	const OutputShape shapes[] = {OutputShape::Url, OutputShape::UrlList, OutputShape::DataUrl,
				      OutputShape::RelayData};
	for (const OutputShape shape : shapes)
		for (const Outcome outcome : outcomes) {
			FakeOptions options;
			options.outcome = outcome;
			options.shape = shape;
			options.output_early = shape == OutputShape::Url;
			options.clip = fake_mp4_bytes(96); // keeps data: urls small
			FakeReplicate fake(options);
			const HttpResult created = call(client, "POST", fake.base_url() + "/predictions", options.token,
							create_body(false));
			seeds.add("prediction", created.response.body);
			const json answer = json::parse(created.response.body, nullptr, false);
			if (answer.is_discarded() || !answer.contains("urls"))
				continue;
			const std::string get = answer["urls"].value("get", "");
			std::string last;
			fake.wait_until(
				[&] {
					const std::string body = call(client, "GET", get, options.token).response.body;
					if (body != last)
						seeds.add("prediction", last = body);
					const json j = json::parse(body, nullptr, false);
					const std::string status = j.is_object() ? j.value("status", "") : "";
					return status != "starting" && status != "processing";
				},
				std::chrono::seconds(5));
		}
	FakeOptions cog;
	cog.cog = true;
	cog.clip = fake_mp4_bytes(96);
	FakeReplicate fake(cog);
	seeds.add("prediction",
		  call(client, "POST", fake.base_url() + "/predictions", "", create_body(true)).response.body);
}

void error_bodies(SeedWriter &seeds)
{
	const Fault faults[] = {Fault::Unauthorized,  Fault::BillingRequired,     Fault::NotFound,
				Fault::Gone,          Fault::InvalidVersion,      Fault::InvalidFields,
				Fault::Throttled,     Fault::ThrottledRetryAfter, Fault::Conflict,
				Fault::CogValidation, Fault::InternalError,       Fault::BadGatewayHtml,
				Fault::Unavailable,   Fault::GatewayTimeout,      Fault::MalformedJson};
	for (const Fault fault : faults)
		for (const Endpoint endpoint : {Endpoint::Create, Endpoint::Get, Endpoint::Download}) {
			const FaultAnswer answer = fault_answer(fault, endpoint, 30);
			std::string retry_after;
			for (const auto &[name, value] : answer.headers)
				if (name == "Retry-After" || name == "retry-after")
					retry_after = value;
			// api_errors_fuzzer's layout: 2 bytes status, 1 byte call, Retry-After line, body.
			std::string seed;
			const int status = answer.status - 100;
			seed += char(status >> 8);
			seed += char(status & 0xff);
			seed += char(endpoint == Endpoint::Create ? 0 : 1);
			seed += retry_after + "\n" + answer.body;
			seeds.add("api_errors", seed);
			if (fault == Fault::MalformedJson)
				seeds.add("prediction", answer.body);
		}
	seeds.add("api_errors",
		  std::string("\x01\x4d\x00", 3) + "Wed, 26 Nov 2025 10:00:00 GMT\n" +
			  error_body(429, "Request was throttled.", "Your rate limit resets in ~30s.").dump());
}

void log_texts(SeedWriter &seeds)
{
	for (const double fraction : {0.0, 0.1, 0.5, 0.8, 1.0})
		seeds.add("log_progress",
			  std::string(1, char(25)) + animate_diff_logs(987654321, "neon city at night", 25, fraction));
	seeds.add("log_progress", std::string(1, char(8)) + tqdm_line(3, 8, 0.4) + "\r" + tqdm_line(4, 8, 0.4));
}

void token_files(SeedWriter &seeds)
{
	TempDir dir;
	TokenStore store(dir.file("tokens.json"));
	std::string error;
	store.put("https://api.replicate.com/v1", "r8_FakeTestToken_7f3a9c", &error);
	seeds.add("token_file", "https://api.replicate.com/v1\n" + read_file(dir.file("tokens.json")));
	store.put("https://relay.example/replicate/v1/", "sk-relay-0001", &error);
	seeds.add("token_file", "https://relay.example/replicate/v1\n" + read_file(dir.file("tokens.json")));
	seeds.add("token_file", "http://127.0.0.1:5000\n{\"tokens\": []}");
}

void settings(SeedWriter &seeds)
{
	ModelParams params = default_params();
	json settings = input_json(params);
	settings["backend"] = "replicate";
	settings["api_base_url"] = "https://api.replicate.com/v1";
	ClipRecord record;
	record.path = "/home/user/.config/obs-studio/plugin_config/obs-animatediff/clips/ab12.mp4";
	record.created_unix = 1764000000;
	record.seed = 1234;
	record.prompt = "neon city at night";
	record.prediction_id = "ufawqhfynnddngldkgtslldrkq";
	record.predict_time = 21.5;
	record.width = record.height = 512;
	record.frames = 16;
	settings["clip_history"] = json::array({record.to_json()});
	seeds.add("settings", std::string(1, '\0') + settings.dump());
	seeds.add("settings", std::string(1, '\0') + R"({"prompt": "neon city", "steps": 20, "seed": 0})");
	seeds.add("settings", std::string(1, '\0') + R"({"prompt": null, "steps": 500, "guidance_scale": "7"})");
	seeds.add("settings",
		  std::string("\x01") + "a cat\n\ntoonyou_beta3.safetensors\nmm_sd_v14\n\x19\x78\x00\x04\xd2");
}

void clips(SeedWriter &seeds)
{
	TempDir dir;
	const std::vector<Rgba> colours = {colour::red, colour::green, colour::blue, colour::white};
	const struct {
		const char *name;
		ClipCodec codec;
	} kinds[] = {{"a.mp4", ClipCodec::H264Mp4},
		     {"b.webm", ClipCodec::Vp9AlphaWebm},
		     {"c.gif", ClipCodec::TransparentGif},
		     {"d.mkv", ClipCodec::H264StreamedMkv}};
	for (const auto &kind : kinds) {
		make_colour_clip(dir.file(kind.name), colours, 8, 32, 32, kind.codec);
		seeds.add_file("decoder", dir.file(kind.name));
		seeds.add_file("media_sniff", dir.file(kind.name));
	}
	make_audio_only_mp4(dir.file("audio.mp4"));
	seeds.add_file("media_sniff", dir.file("audio.mp4"));
	seeds.add("media_sniff", fake_mp4_bytes(64));
	seeds.add("media_sniff", fake_html_page());
}

// Thumbnail PNGs as the cache writes them (libavcodec's encoder), each after the byte that picks max_side.
void thumbnails(SeedWriter &seeds)
{
	TempDir dir;
	const struct {
		int width, height, max_side;
	} sizes[] = {{160, 90, 160}, {90, 160, 160}, {160, 1, 160}, {32, 32, 160}, {271, 200, 271}};
	for (const auto &size : sizes) {
		Thumbnail thumbnail;
		thumbnail.width = size.width;
		thumbnail.height = size.height;
		for (int i = 0; i < size.width * size.height; i++) {
			const uint8_t x = uint8_t(i % size.width), y = uint8_t(i / size.width);
			thumbnail.rgba.insert(thumbnail.rgba.end(), {x, y, uint8_t(x ^ y), uint8_t(255 - y)});
		}
		const std::string path = dir.file("thumb.png");
		std::string why;
		if (!write_thumbnail_png(thumbnail, path, nullptr, &why))
			throw std::runtime_error("thumbnail seed: " + why);
		seeds.add("thumbnail_png", std::string(1, char(size.max_side - 16)) + read_file(path));
	}
}

} // namespace

int main(int argc, char **argv)
{
	if (argc != 2) {
		std::cerr << "usage: adiff_fuzz_seeds <out-dir>\n";
		return 2;
	}
	try {
		SeedWriter seeds(argv[1]);
		prediction_bodies(seeds);
		error_bodies(seeds);
		log_texts(seeds);
		token_files(seeds);
		settings(seeds);
		clips(seeds);
		thumbnails(seeds);
		for (const auto &[target, count] : seeds.counts())
			std::cout << target << ": " << count << " seeds\n";
	} catch (const std::exception &e) {
		std::cerr << "adiff_fuzz_seeds: " << e.what() << "\n";
		return 1;
	}
	return 0;
}
