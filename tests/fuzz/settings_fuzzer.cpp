// Settings and overrides as they reach the core: a scene collection's source settings or an
// `overrides` object (JSON from a script or obs-websocket), or raw text fields (OBS keeps whatever
// bytes a plugin or a hand-edited file put there). Whatever validate() lets through must be exactly
// what the model accepts and must serialise into a request body; nothing else may reach the API.
#include "core/clips/clip_store.hpp"
#include "core/net/http_client.hpp"
#include "core/config/model_overrides.hpp"
#include "core/config/model_params.hpp"
#include "core/config/request_body.hpp"
#include "fuzz_check.hpp"

#include <algorithm>
#include <cmath>

namespace {

using nlohmann::json;

std::string as_string(const json &value)
{
	return value.is_string() ? value.get<std::string>() : std::string();
}

adiff::ModelParams params_from_raw(adiff::fuzz::FuzzInput &input)
{
	adiff::ModelParams params;
	params.prompt = input.line();
	params.n_prompt = input.line();
	params.path = input.line();
	params.motion_module = input.line();
	params.steps = int8_t(input.byte());
	params.guidance_scale = double(input.byte()) / 16.0;
	params.seed = int64_t(input.byte()) << 24 | int64_t(input.byte()) << 16 | input.byte();
	return params;
}

bool in(const std::vector<std::string> &choices, const std::string &value)
{
	return std::find(choices.begin(), choices.end(), value) != choices.end();
}

void check_request(const adiff::ModelParams &params)
{
	if (!adiff::validate(params).empty())
		return;
	// validate() passed: the values are inside the model's schema ...
	FUZZ_CHECK(params.steps >= adiff::model::kStepsMin && params.steps <= adiff::model::kStepsMax);
	FUZZ_CHECK(params.guidance_scale >= adiff::model::kGuidanceMin &&
		   params.guidance_scale <= adiff::model::kGuidanceMax);
	FUZZ_CHECK(params.seed >= adiff::model::kSeedMin && params.seed <= adiff::model::kSeedMax);
	FUZZ_CHECK(in(adiff::model::base_models(), params.path));
	FUZZ_CHECK(in(adiff::model::motion_modules(), params.motion_module));
	// ... and become a request body (dump() throws on text that is not UTF-8: that would be a crash in
	// the worker) for both backends, with a stable hash.
	adiff::ModelParams resolved = params;
	resolved.seed = params.seed == 0 ? 42 : params.seed;
	for (const adiff::Backend backend : {adiff::Backend::Replicate, adiff::Backend::Cog}) {
		adiff::BackendConfig config;
		config.backend = backend;
		config.api_base_url = adiff::model::kDefaultApiBase;
		config.model_version = adiff::model::kDefaultVersion;
		const std::string body = adiff::request_body(config, resolved).dump();
		FUZZ_CHECK(json::parse(body)["input"]["prompt"] == resolved.prompt);
		FUZZ_CHECK(adiff::request_hash(config, resolved) == adiff::request_hash(config, resolved));
	}
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	adiff::fuzz::FuzzInput input(data, size);
	if (input.byte() % 2 == 1) {
		const adiff::ModelParams params = params_from_raw(input);
		(void)adiff::prompt_is_blank(params.prompt);
		check_request(params);
		return 0;
	}
	const std::string text = input.rest();
	// An overrides text (proc overrides_json, a websocket "overrides" string): only the seven model
	// inputs, each of its own type; whatever it lets through is checked like any other request.
	adiff::ModelParams overridden = adiff::default_params();
	adiff::JsonFieldError error;
	if (adiff::apply_model_overrides_text(text, &overridden, &error))
		check_request(overridden);
	else
		FUZZ_CHECK(!error.field.empty());

	const json settings = json::parse(text, nullptr, false);
	if (settings.is_discarded() || !settings.is_object())
		return 0;
	// A scene collection's source settings: the other keys of the source are there too.
	adiff::ModelParams from_scene = adiff::default_params();
	if (adiff::apply_model_json(settings, adiff::UnknownKeys::Ignore, &from_scene, &error)) {
		// Never truncated: a step count that was read is exactly the number written.
		if (settings.contains("steps") && settings["steps"].is_number() &&
		    std::fabs(settings["steps"].get<double>()) < 1e9)
			FUZZ_CHECK(double(from_scene.steps) == settings["steps"].get<double>());
		check_request(from_scene);
	}

	// The other settings that come from outside: backend, base URL, clip history.
	adiff::Backend backend;
	(void)adiff::parse_backend(as_string(settings.value("backend", json())), &backend);
	(void)adiff::url_scheme_allowed(as_string(settings.value("api_base_url", json())));
	(void)adiff::check_api_base_url(as_string(settings.value("api_base_url", json())));
	if (settings.contains("clip_history")) {
		const adiff::ClipHistory history = adiff::ClipHistory::from_json(settings["clip_history"]);
		const adiff::ClipHistory again = adiff::ClipHistory::from_json(history.to_json());
		FUZZ_CHECK(again.records().size() == history.records().size());
		for (const adiff::ClipRecord &record : history.records())
			(void)record.label("{time} · seed {seed} · {prompt}");
	}
	return 0;
}
