// The seven inputs of lucataco/animate-diff, their defaults and allowed values, and validation.
// These values mirror the model's published schema (shared/reference/replicate-api.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace adiff {

namespace model {
inline constexpr const char *kDefaultVersion =
	"lucataco/animate-diff:beecf59c4aee8d81bf04f0381033dfa10dc16e845b4ae00d281e2fa377e48a9f";
inline constexpr const char *kDefaultApiBase = "https://api.replicate.com/v1";
inline constexpr int kStepsMin = 1;
inline constexpr int kStepsMax = 100;
inline constexpr int kStepsDefault = 25;
inline constexpr double kGuidanceMin = 1.0;
inline constexpr double kGuidanceMax = 10.0;
inline constexpr double kGuidanceDefault = 7.5;
inline constexpr int64_t kSeedMin = 0; // 0 = random (the plugin picks one itself)
inline constexpr int64_t kSeedMax = 2147483647;

const std::vector<std::string> &base_models();    // path choices; first is the default
const std::vector<std::string> &motion_modules(); // motion_module choices; first is the default
const std::string &default_prompt();
} // namespace model

struct ModelParams {
	std::string prompt;
	std::string n_prompt;
	std::string path;
	std::string motion_module;
	int64_t steps = model::kStepsDefault;
	double guidance_scale = model::kGuidanceDefault;
	int64_t seed = 0; // 0 = random
};

ModelParams default_params();

// One problem with one input: `field` is the settings key ("steps"), `value` what was given.
struct InvalidField {
	std::string field;
	std::string value;
	std::string allowed; // human readable, e.g. "1-100" or "mm_sd_v14, mm_sd_v15, mm_sd_v15_v2"
};

// Strict validation: every value must be in range / in the choice list. Nothing invalid is ever sent.
std::vector<InvalidField> validate(const ModelParams &params);

// True when the prompt has no visible text (empty, or only whitespace, separators, format characters
// such as U+200B or U+3000, variation selectors: see text_util's is_invisible). The model
// accepts that, but a streamer who pressed Generate on an empty box did not mean to pay for a clip of
// nothing in particular: the plugin refuses it before sending.
bool prompt_is_blank(const std::string &prompt);

// `owner/name:<64 lowercase hex>` or the bare `<64 lowercase hex>` version id, the two forms
// POST /v1/predictions takes as "version". Checked locally: a typo is refused before anything is sent.
bool model_version_valid(const std::string &version);
inline constexpr const char *kModelVersionForms = "owner/name:<64 hex digits> or <64 hex digits>";

// Seed 0 means "random": returns a fresh random seed in 1..kSeedMax (from a non-deterministic source);
// any other seed is returned as is.
int64_t resolve_seed(int64_t seed);

} // namespace adiff
