#include "source_settings.hpp"

#include "live_control.hpp"
#include "settings_keys.hpp"

#include <algorithm>
#include <cstring>

namespace adiff {
namespace {

const char *kDefaultLoopMode = "loop";
constexpr int kDefaultSpeed = 100;
constexpr int kDefaultCrossfadeMs = 500;
constexpr int kDefaultMemoryBudgetMb = 512;
constexpr int kDefaultHistoryMaxClips = 30;
constexpr int kDefaultHistoryMaxMb = 500;

int clamp_int(long long value, int low, int high)
{
	return int(std::clamp<long long>(value, low, high));
}

} // namespace

void set_source_defaults(obs_data_t *settings)
{
	const ModelParams defaults = default_params();
	obs_data_set_default_string(settings, keys::kPrompt, defaults.prompt.c_str());
	obs_data_set_default_string(settings, keys::kNegativePrompt, defaults.n_prompt.c_str());
	obs_data_set_default_string(settings, keys::kPath, defaults.path.c_str());
	obs_data_set_default_string(settings, keys::kMotionModule, defaults.motion_module.c_str());
	obs_data_set_default_int(settings, keys::kSteps, defaults.steps);
	obs_data_set_default_double(settings, keys::kGuidanceScale, defaults.guidance_scale);
	obs_data_set_default_int(settings, keys::kSeed, defaults.seed);

	obs_data_set_default_string(settings, keys::kBackend, backend_id(Backend::Replicate));
	obs_data_set_default_string(settings, keys::kApiBaseUrl, model::kDefaultApiBase);
	obs_data_set_default_string(settings, keys::kModelVersion, model::kDefaultVersion);

	obs_data_set_default_string(settings, keys::kLoopMode, kDefaultLoopMode);
	obs_data_set_default_int(settings, keys::kSpeed, kDefaultSpeed);
	obs_data_set_default_int(settings, keys::kCrossfadeMs, kDefaultCrossfadeMs);
	obs_data_set_default_bool(settings, keys::kPauseWhenHidden, true);
	obs_data_set_default_int(settings, keys::kMemoryBudgetMb, kDefaultMemoryBudgetMb);
	obs_data_set_default_int(settings, keys::kHistoryMaxClips, kDefaultHistoryMaxClips);
	obs_data_set_default_int(settings, keys::kHistoryMaxMb, kDefaultHistoryMaxMb);
	set_live_defaults(settings);
}

ModelParams read_model_params(obs_data_t *settings)
{
	ModelParams params;
	params.prompt = obs_data_get_string(settings, keys::kPrompt);
	params.n_prompt = obs_data_get_string(settings, keys::kNegativePrompt);
	params.path = obs_data_get_string(settings, keys::kPath);
	params.motion_module = obs_data_get_string(settings, keys::kMotionModule);
	params.steps = obs_data_get_int(settings, keys::kSteps);
	params.guidance_scale = obs_data_get_double(settings, keys::kGuidanceScale);
	params.seed = obs_data_get_int(settings, keys::kSeed);
	return params;
}

bool read_backend(obs_data_t *settings, BackendConfig *out, std::string *bad_key)
{
	out->api_base_url = obs_data_get_string(settings, keys::kApiBaseUrl);
	out->model_version = obs_data_get_string(settings, keys::kModelVersion);
	if (!parse_backend(obs_data_get_string(settings, keys::kBackend), &out->backend)) {
		*bad_key = keys::kBackend;
		return false;
	}
	return true;
}

PlaybackOptions read_playback(obs_data_t *settings)
{
	// Playback values are clamped rather than rejected: a wrong speed costs nothing and the clip
	// must keep playing whatever a hand-edited scene file says.
	PlaybackOptions options;
	options.loop_mode = strcmp(obs_data_get_string(settings, keys::kLoopMode), "pingpong") == 0 ? LoopMode::PingPong
												    : LoopMode::Loop;
	options.speed_percent = clamp_int(obs_data_get_int(settings, keys::kSpeed), 10, 400);
	options.crossfade_ms = clamp_int(obs_data_get_int(settings, keys::kCrossfadeMs), 0, 5000);
	options.pause_when_hidden = obs_data_get_bool(settings, keys::kPauseWhenHidden);
	options.memory_budget_bytes = uint64_t(clamp_int(obs_data_get_int(settings, keys::kMemoryBudgetMb), 16, 8192))
				      << 20;
	return options;
}

bool apply_overrides(obs_data_t *overrides, ModelParams *params, std::string *unknown_key)
{
	for (obs_data_item_t *item = obs_data_first(overrides); item; obs_data_item_next(&item)) {
		const char *name = obs_data_item_get_name(item);
		const enum obs_data_type type = obs_data_item_gettype(item);
		const bool is_string = type == OBS_DATA_STRING;
		const bool is_number = type == OBS_DATA_NUMBER;
		auto as_int = [&] { return obs_data_item_get_int(item); };
		if (!strcmp(name, keys::kPrompt) && is_string) {
			params->prompt = obs_data_item_get_string(item);
		} else if (!strcmp(name, keys::kNegativePrompt) && is_string) {
			params->n_prompt = obs_data_item_get_string(item);
		} else if (!strcmp(name, keys::kPath) && is_string) {
			params->path = obs_data_item_get_string(item);
		} else if (!strcmp(name, keys::kMotionModule) && is_string) {
			params->motion_module = obs_data_item_get_string(item);
		} else if (!strcmp(name, keys::kSteps) && is_number &&
			   obs_data_item_numtype(item) == OBS_DATA_NUM_INT) {
			params->steps = as_int();
		} else if (!strcmp(name, keys::kGuidanceScale) && is_number) {
			params->guidance_scale = obs_data_item_get_double(item);
		} else if (!strcmp(name, keys::kSeed) && is_number && obs_data_item_numtype(item) == OBS_DATA_NUM_INT) {
			params->seed = as_int();
		} else {
			// Either not a model input or the wrong JSON type for it: reject, never guess.
			*unknown_key = name;
			obs_data_item_release(&item);
			return false;
		}
	}
	return true;
}

nlohmann::json json_array_setting(obs_data_t *settings, const char *key)
{
	obs_data_array_t *array = obs_data_get_array(settings, key);
	nlohmann::json result = nlohmann::json::array();
	if (!array)
		return result;
	// obs_data has no direct JSON view of one array: wrap it in a fresh object and serialise that.
	obs_data_t *wrapper = obs_data_create();
	obs_data_set_array(wrapper, "a", array);
	const nlohmann::json parsed = nlohmann::json::parse(obs_data_get_json(wrapper), nullptr, false);
	obs_data_release(wrapper);
	obs_data_array_release(array);
	if (parsed.is_object() && parsed.contains("a") && parsed["a"].is_array())
		result = parsed["a"];
	return result;
}

} // namespace adiff
