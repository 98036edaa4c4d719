#include "core/config/model_params.hpp"
#include "core/util/text_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace adiff {

namespace {

// A prompt longer than this is certainly a paste accident (the model's CLIP encoder reads ~77 tokens);
// refusing it locally beats a request the server may reject or silently truncate.
constexpr size_t kMaxPromptBytes = 4000;

std::string join(const std::vector<std::string> &items)
{
	std::string out;
	for (const std::string &item : items) {
		if (!out.empty())
			out += ", ";
		out += item;
	}
	return out;
}

bool contains(const std::vector<std::string> &items, const std::string &value)
{
	for (const std::string &item : items)
		if (item == value)
			return true;
	return false;
}

void check_text(const char *field, const std::string &text, std::vector<InvalidField> &problems)
{
	const std::string allowed = "valid UTF-8 text of at most " + std::to_string(kMaxPromptBytes) + " bytes";
	// The value is described, never echoed: it may be huge or not printable.
	if (text.size() > kMaxPromptBytes) {
		problems.push_back({field, std::to_string(text.size()) + " bytes", allowed});
		return;
	}
	const size_t bad = invalid_utf8_offset(text);
	if (bad != std::string::npos)
		problems.push_back({field, "invalid UTF-8 at byte " + std::to_string(bad), allowed});
}

std::string format_double(double value)
{
	char buffer[64];
	snprintf(buffer, sizeof(buffer), "%g", value);
	return buffer;
}

std::string range_text(int64_t min, int64_t max)
{
	return std::to_string(min) + "-" + std::to_string(max);
}

} // namespace

namespace model {

const std::vector<std::string> &base_models()
{
	static const std::vector<std::string> models = {
		"toonyou_beta3.safetensors",
		"lyriel_v16.safetensors",
		"rcnzCartoon3d_v10.safetensors",
		"majicmixRealistic_v5Preview.safetensors",
		"realisticVisionV40_v20Novae.safetensors",
	};
	return models;
}

const std::vector<std::string> &motion_modules()
{
	static const std::vector<std::string> modules = {"mm_sd_v14", "mm_sd_v15", "mm_sd_v15_v2"};
	return modules;
}

const std::string &default_prompt()
{
	// The example prompt of the user's API document (shared/seed), the model's own default style.
	static const std::string prompt =
		"masterpiece, best quality, 1girl, solo, cherry blossoms, hanami, pink flower, white flower, "
		"spring season, wisteria, petals, flower, plum blossoms, outdoors, falling petals, white hair, "
		"black eyes";
	return prompt;
}

} // namespace model

ModelParams default_params()
{
	ModelParams params;
	params.prompt = model::default_prompt();
	params.n_prompt = ""; // the model's default negative prompt is empty
	params.path = model::base_models().front();
	params.motion_module = model::motion_modules().front();
	params.steps = model::kStepsDefault;
	params.guidance_scale = model::kGuidanceDefault;
	params.seed = 0;
	return params;
}

std::vector<InvalidField> validate(const ModelParams &params)
{
	std::vector<InvalidField> problems;

	check_text("prompt", params.prompt, problems);
	check_text("n_prompt", params.n_prompt, problems);

	if (!contains(model::base_models(), params.path))
		problems.push_back({"path", params.path, join(model::base_models())});
	if (!contains(model::motion_modules(), params.motion_module))
		problems.push_back({"motion_module", params.motion_module, join(model::motion_modules())});

	if (params.steps < model::kStepsMin || params.steps > model::kStepsMax)
		problems.push_back(
			{"steps", std::to_string(params.steps), range_text(model::kStepsMin, model::kStepsMax)});

	// std::isfinite first: NaN compares false with everything and would slip through a range test.
	const double guidance = params.guidance_scale;
	if (!std::isfinite(guidance) || guidance < model::kGuidanceMin || guidance > model::kGuidanceMax)
		problems.push_back({"guidance_scale", format_double(guidance),
				    format_double(model::kGuidanceMin) + "-" + format_double(model::kGuidanceMax)});

	if (params.seed < model::kSeedMin || params.seed > model::kSeedMax)
		problems.push_back({"seed", std::to_string(params.seed),
				    range_text(model::kSeedMin, model::kSeedMax) + " (0 = random)"});

	return problems;
}

bool prompt_is_blank(const std::string &prompt)
{
	return !has_visible_text(prompt);
}

bool model_version_valid(const std::string &version)
{
	// The id is a 64-digit lowercase hex digest (what Replicate's version endpoints take).
	auto is_id = [](const std::string &id) {
		return id.size() == 64 && std::all_of(id.begin(), id.end(), [](char c) {
			       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
		       });
	};
	// Owner and model names as Replicate allows them: letters, digits, '-', '_', '.'; never empty.
	auto is_name = [](const std::string &name) {
		return !name.empty() && name != "." && name != ".." &&
		       std::all_of(name.begin(), name.end(), [](char c) {
			       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				      c == '-' || c == '_' || c == '.';
		       });
	};
	const size_t colon = version.find(':');
	if (colon == std::string::npos)
		return is_id(version);
	const std::string model = version.substr(0, colon);
	const size_t slash = model.find('/');
	return slash != std::string::npos && is_name(model.substr(0, slash)) && is_name(model.substr(slash + 1)) &&
	       is_id(version.substr(colon + 1));
}

namespace {

// Random seed in 1..kSeedMax, from a non-deterministic source.
int64_t random_seed()
{
	// One engine per thread: no lock, and random_device (the OS entropy source) seeds each one.
	thread_local std::mt19937_64 engine{[] {
		std::random_device device;
		std::seed_seq seq{device(), device(), device(), device()};
		return std::mt19937_64(seq);
	}()};
	std::uniform_int_distribution<int64_t> distribution(1, model::kSeedMax);
	return distribution(engine);
}

} // namespace

int64_t resolve_seed(int64_t seed)
{
	return seed == 0 ? random_seed() : seed;
}

} // namespace adiff
