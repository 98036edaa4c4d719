#include "obs/source/source_settings.hpp"

#include "obs/control/live_control.hpp"
#include "obs/control/rotation_control.hpp"
#include "obs/control/setlist_control.hpp"
#include "obs/source/endpoint_settings.hpp"
#include "obs/util/settings_keys.hpp"
#include "obs/source/source_token.hpp"
#include "core/net/url_policy.hpp"

#include <obs.hpp>

#include <cstring>

namespace adiff {
namespace {

constexpr int kDefaultHistoryMaxClips = 30;
constexpr int kDefaultHistoryMaxMb = 500;

// OBS's own frame rate, capped at 60 and kept in smooth_fps's range.
int default_smooth_fps()
{
	obs_video_info info = {};
	int fps = 30;
	if (obs_get_video_info(&info) && info.fps_den > 0)
		fps = int((info.fps_num + info.fps_den - 1) / info.fps_den);
	return playback_range::kSmoothFps.clamp(std::min(fps, playback_range::kSmoothFpsDefaultCap));
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

	// The player's own defaults (core/media/playback_options.hpp), so panel and player never disagree.
	const PlaybackOptions playback;
	obs_data_set_default_string(settings, keys::kLoopMode,
				    playback.loop_mode == LoopMode::PingPong ? keys::kLoopModePingPong
									     : keys::kLoopModeLoop);
	obs_data_set_default_int(settings, keys::kSpeed, playback.speed_percent);
	obs_data_set_default_int(settings, keys::kCrossfadeMs, playback.crossfade_ms);
	obs_data_set_default_bool(settings, keys::kPauseWhenHidden, playback.pause_when_hidden);
	obs_data_set_default_int(settings, keys::kMemoryBudgetMb, int(playback.memory_budget_bytes >> 20));
	obs_data_set_default_int(settings, keys::kHistoryMaxClips, kDefaultHistoryMaxClips);
	obs_data_set_default_int(settings, keys::kHistoryMaxMb, kDefaultHistoryMaxMb);
	// Smoothing (issue 9): motion by default, at OBS's own frame rate up to 60.
	obs_data_set_default_string(settings, keys::kSmoothing, smoothing_id(SmoothingMode::Motion));
	obs_data_set_default_int(settings, keys::kSmoothFps, default_smooth_fps());
	set_live_defaults(settings);
	set_setlist_defaults(settings);
	set_rotation_defaults(settings);
}

bool read_model_params(obs_data_t *settings, ModelParams *out, JsonFieldError *error)
{
	// The saved values only (obs_data_get_json leaves defaults out); absent keys keep the defaults,
	// which are the same default_params() set_source_defaults() registers.
	*out = default_params();
	const nlohmann::json saved = nlohmann::json::parse(obs_data_get_json(settings), nullptr, false);
	if (!saved.is_object())
		return true;
	return apply_model_json(saved, UnknownKeys::Ignore, out, error);
}

bool read_backend(obs_data_t *settings, BackendConfig *out, std::string *bad_key)
{
	out->api_base_url = obs_data_get_string(settings, keys::kApiBaseUrl);
	out->model_version = obs_data_get_string(settings, keys::kModelVersion);
	read_deployment(settings, out);
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
	options.loop_mode = strcmp(obs_data_get_string(settings, keys::kLoopMode), keys::kLoopModePingPong) == 0
				    ? LoopMode::PingPong
				    : LoopMode::Loop;
	options.speed_percent = playback_range::kSpeedPercent.clamp(obs_data_get_int(settings, keys::kSpeed));
	options.crossfade_ms = playback_range::kCrossfadeMs.clamp(obs_data_get_int(settings, keys::kCrossfadeMs));
	options.pause_when_hidden = obs_data_get_bool(settings, keys::kPauseWhenHidden);
	options.memory_budget_bytes =
		uint64_t(playback_range::kMemoryBudgetMb.clamp(obs_data_get_int(settings, keys::kMemoryBudgetMb)))
		<< 20;
	options.smoothing = parse_smoothing(obs_data_get_string(settings, keys::kSmoothing));
	options.smooth_fps = playback_range::kSmoothFps.clamp(obs_data_get_int(settings, keys::kSmoothFps));
	return options;
}

namespace {

std::string join_fields(const std::vector<InvalidField> &invalid)
{
	std::string fields;
	for (const InvalidField &field : invalid)
		fields += (fields.empty() ? "" : ", ") + field.field + " = " + field.value + " (" + field.allowed + ")";
	return fields;
}

} // namespace

InputProblem read_generation_inputs(obs_data_t *settings, const nlohmann::json *overrides, GenerationInputs *out)
{
	JsonFieldError bad_field;
	if (!read_model_params(settings, &out->params, &bad_field))
		return {ErrorCode::InvalidSetting, bad_field.detail()};
	std::string bad_key;
	if (!read_backend(settings, &out->backend, &bad_key))
		return {ErrorCode::InvalidSetting, bad_key};
	if (overrides && !apply_model_json(*overrides, UnknownKeys::Refuse, &out->params, &bad_field))
		return {ErrorCode::InvalidSetting, bad_field.detail()};

	// The base URL before anything that could show it: with user:password@ it must appear nowhere.
	const BaseUrlProblem url_problem = check_api_base_url(out->backend.api_base_url);
	if (url_problem != BaseUrlProblem::None)
		return {ErrorCode::BadUrl, base_url_problem_id(url_problem)};
	// owner/name (latest version), a pinned version, or a deployment.
	if (const std::string endpoint = endpoint_problem(out->backend); !endpoint.empty())
		return {ErrorCode::InvalidSetting, endpoint};

	const std::vector<InvalidField> invalid = validate(out->params);
	if (!invalid.empty())
		return {ErrorCode::InvalidSetting, join_fields(invalid)};
	if (prompt_is_blank(out->params.prompt))
		return {ErrorCode::EmptyPrompt, keys::kPrompt};

	const std::string base = normalize_base_url(out->backend.api_base_url);
	out->backend.token = lookup_token(out->backend.backend, base).token;
	if (out->backend.backend == Backend::Replicate && out->backend.token.empty()) {
		// Detail = the server that needs its own token (safe to show: credentials were refused above);
		// empty for Replicate itself, whose message points at REPLICATE_API_TOKEN.
		return {ErrorCode::NoToken, is_replicate_api_origin(base) ? std::string() : base};
	}
	return {};
}

nlohmann::json json_array_setting(obs_data_t *settings, const char *key)
{
	OBSDataArrayAutoRelease array = obs_data_get_array(settings, key);
	nlohmann::json result = nlohmann::json::array();
	if (!array)
		return result;
	// obs_data has no direct JSON view of one array: wrap it in a fresh object and serialise that.
	OBSDataAutoRelease wrapper = obs_data_create();
	obs_data_set_array(wrapper, "a", array);
	const nlohmann::json parsed = nlohmann::json::parse(obs_data_get_json(wrapper), nullptr, false);
	if (parsed.is_object() && parsed.contains("a") && parsed["a"].is_array())
		result = parsed["a"];
	return result;
}

} // namespace adiff
