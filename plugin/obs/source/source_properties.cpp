#include "obs/control/rotation_control.hpp"
#include "obs/control/setlist_control.hpp"
#include "obs/source/endpoint_settings.hpp"
#include "obs/source/source_properties.hpp"

#include "obs/source/animatediff_source.hpp"
#include "obs/source/source_settings.hpp"
#include "obs/source/source_token.hpp"
#include "obs/util/settings_keys.hpp"
#include "obs/util/plugin_text.hpp"
#include "core/config/model_params.hpp"
#include "core/net/url_policy.hpp"
#include "core/util/text_template.hpp"

#include <obs.hpp>

#include <obs-module.h>

namespace adiff {
namespace {

bool on_generate_clicked(obs_properties_t *, obs_property_t *, void *data)
{
	static_cast<AnimateDiffSource *>(data)->generate(TriggerOrigin::Panel);
	return true; // re-read the panel so the status line shows the new state at once
}

bool on_cancel_clicked(obs_properties_t *, obs_property_t *, void *data)
{
	static_cast<AnimateDiffSource *>(data)->cancel();
	return true;
}

// Picking a clip in the history list plays it: the choice becomes clip_path, which update() loads.
bool on_history_picked(void *, obs_properties_t *, obs_property_t *, obs_data_t *settings)
{
	const char *path = obs_data_get_string(settings, keys::kHistory);
	if (path && *path)
		obs_data_set_string(settings, keys::kClipPath, path);
	return false;
}

enum obs_text_info_type info_type_for(const Status &status)
{
	if (status.state == State::Failed)
		return OBS_TEXT_INFO_ERROR;
	if (status.state == State::Canceled)
		return OBS_TEXT_INFO_WARNING;
	return OBS_TEXT_INFO_NORMAL;
}

void add_actions(obs_properties_t *props, AnimateDiffSource *source)
{
	obs_properties_t *group = obs_properties_create();
	const std::string status = source ? source->status_line() : T("Status.Idle");
	obs_property_t *line = obs_properties_add_text(group, keys::kStatus, status.c_str(), OBS_TEXT_INFO);
	obs_property_text_set_info_word_wrap(line, true);
	if (source)
		obs_property_text_set_info_type(line, info_type_for(source->generation_status()));
	obs_properties_add_button2(group, keys::kGenerate, T("Generate"), on_generate_clicked, source);
	obs_properties_add_button2(group, keys::kCancel, T("Cancel"), on_cancel_clicked, source);
	obs_properties_add_group(props, "group_actions", T("Group.Actions"), OBS_GROUP_NORMAL, group);
}

void add_model(obs_properties_t *props)
{
	obs_properties_t *group = obs_properties_create();
	obs_property_t *p = obs_properties_add_text(group, keys::kPrompt, T("Prompt"), OBS_TEXT_MULTILINE);
	obs_property_set_long_description(p, T("Prompt.Description"));
	p = obs_properties_add_text(group, keys::kNegativePrompt, T("NegativePrompt"), OBS_TEXT_MULTILINE);
	obs_property_set_long_description(p, T("NegativePrompt.Description"));

	p = obs_properties_add_list(group, keys::kPath, T("BaseModel"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	for (const std::string &name : model::base_models())
		obs_property_list_add_string(p, name.c_str(), name.c_str());
	obs_property_set_long_description(p, T("BaseModel.Description"));

	p = obs_properties_add_list(group, keys::kMotionModule, T("MotionModule"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	for (const std::string &name : model::motion_modules())
		obs_property_list_add_string(p, name.c_str(), name.c_str());
	obs_property_set_long_description(p, T("MotionModule.Description"));

	p = obs_properties_add_int_slider(group, keys::kSteps, T("Steps"), model::kStepsMin, model::kStepsMax, 1);
	obs_property_set_long_description(p, T("Steps.Description"));
	p = obs_properties_add_float_slider(group, keys::kGuidanceScale, T("GuidanceScale"), model::kGuidanceMin,
					    model::kGuidanceMax, 0.1);
	obs_property_set_long_description(p, T("GuidanceScale.Description"));
	p = obs_properties_add_int(group, keys::kSeed, T("Seed"), int(model::kSeedMin), int(model::kSeedMax), 1);
	obs_property_set_long_description(p, T("Seed.Description"));
	obs_properties_add_group(props, "group_model", T("Group.Model"), OBS_GROUP_NORMAL, group);
}

std::string token_status_text(AnimateDiffSource *source)
{
	if (!source)
		return T("Token.None");
	OBSDataAutoRelease settings = obs_source_get_settings(source->source());
	const std::string base = normalize_base_url(obs_data_get_string(settings, keys::kApiBaseUrl));
	BackendConfig backend;
	std::string bad_key;
	read_backend(settings, &backend, &bad_key);
	// A base URL with a password is never shown (nor used as a token file key): say why instead.
	const BaseUrlProblem problem = check_api_base_url(base);
	if (refused_as_token_key(problem)) {
		Status refused;
		refused.state = State::Failed;
		refused.error = ErrorCode::BadUrl;
		refused.detail = base_url_problem_id(problem);
		return format_status(refused, translate);
	}
	const TokenLookup found = lookup_token(backend.backend, base);
	switch (found.source) {
	case TokenSource::File:
		return format_template(T("Token.Saved"), {{"mask", mask_token(found.token)}, {"base", base}});
	case TokenSource::Environment:
		return format_template(T("Token.FromEnvironment"), {{"mask", mask_token(found.token)}});
	case TokenSource::None:
		break;
	}
	if (backend.backend == Backend::Replicate && !environment_token_allowed(backend.backend, base))
		return format_template(T("Token.NoneForServer"), {{"base", base}});
	return T("Token.None");
}

void add_backend(obs_properties_t *props, AnimateDiffSource *source)
{
	obs_properties_t *group = obs_properties_create();
	obs_property_t *p = obs_properties_add_list(group, keys::kBackend, T("Backend"), OBS_COMBO_TYPE_LIST,
						    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T("Backend.Replicate"), "replicate");
	obs_property_list_add_string(p, T("Backend.Cog"), "cog");
	obs_property_set_long_description(p, T("Backend.Description"));
	p = obs_properties_add_text(group, keys::kApiBaseUrl, T("ApiBaseUrl"), OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T("ApiBaseUrl.Description"));
	p = obs_properties_add_text(group, keys::kModelVersion, T("ModelVersion"), OBS_TEXT_DEFAULT);
	obs_property_set_long_description(p, T("ModelVersion.Description"));
	add_deployment_property(group);
	p = obs_properties_add_text(group, keys::kApiToken, T("ApiToken"), OBS_TEXT_PASSWORD);
	obs_property_set_long_description(p, T("ApiToken.Description"));
	const std::string token_status = token_status_text(source);
	p = obs_properties_add_text(group, keys::kTokenStatus, token_status.c_str(), OBS_TEXT_INFO);
	obs_property_text_set_info_word_wrap(p, true);
	obs_properties_add_group(props, "group_backend", T("Group.Backend"), OBS_GROUP_NORMAL, group);
}

void add_playback(obs_properties_t *props, AnimateDiffSource *source)
{
	obs_properties_t *group = obs_properties_create();
	obs_property_t *p = obs_properties_add_list(group, keys::kLoopMode, T("LoopMode"), OBS_COMBO_TYPE_LIST,
						    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T("LoopMode.Loop"), keys::kLoopModeLoop);
	obs_property_list_add_string(p, T("LoopMode.PingPong"), keys::kLoopModePingPong);
	p = obs_properties_add_int_slider(group, keys::kSpeed, T("Speed"), playback_range::kSpeedPercent.min,
					  playback_range::kSpeedPercent.max, playback_range::kSpeedPercent.step);
	obs_property_int_set_suffix(p, "%");
	p = obs_properties_add_int(group, keys::kCrossfadeMs, T("Crossfade"), playback_range::kCrossfadeMs.min,
				   playback_range::kCrossfadeMs.max, playback_range::kCrossfadeMs.step);
	obs_property_int_set_suffix(p, " ms");
	obs_property_set_long_description(p, T("Crossfade.Description"));
	obs_properties_add_bool(group, keys::kPauseWhenHidden, T("PauseWhenHidden"));
	p = obs_properties_add_int(group, keys::kMemoryBudgetMb, T("MemoryBudget"), playback_range::kMemoryBudgetMb.min,
				   playback_range::kMemoryBudgetMb.max, playback_range::kMemoryBudgetMb.step);
	obs_property_int_set_suffix(p, " MiB");
	obs_property_set_long_description(p, T("MemoryBudget.Description"));
	// Smoothing (issue 9).
	p = obs_properties_add_list(group, keys::kSmoothing, T("Smoothing"), OBS_COMBO_TYPE_LIST,
				    OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T("Smoothing.Off"), "off");
	obs_property_list_add_string(p, T("Smoothing.Blend"), "blend");
	obs_property_list_add_string(p, T("Smoothing.Motion"), "motion");
	obs_property_set_long_description(p, T("Smoothing.Description"));
	p = obs_properties_add_int(group, keys::kSmoothFps, T("SmoothFps"), playback_range::kSmoothFps.min,
				   playback_range::kSmoothFps.max, playback_range::kSmoothFps.step);
	obs_property_int_set_suffix(p, " fps");
	obs_property_set_long_description(p, T("SmoothFps.Description"));

	p = obs_properties_add_list(group, keys::kHistory, T("History"), OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
	obs_property_list_add_string(p, T("History.Pick"), "");
	if (source) {
		for (const ClipRecord &record : source->history())
			obs_property_list_add_string(p, record.label(T("History.Label")).c_str(), record.path.c_str());
	}
	obs_property_set_modified_callback2(p, on_history_picked, source);
	p = obs_properties_add_int(group, keys::kHistoryMaxClips, T("HistoryMaxClips"), 1, 1000, 1);
	p = obs_properties_add_int(group, keys::kHistoryMaxMb, T("HistoryMaxMb"), 10, 100000, 10);
	obs_property_int_set_suffix(p, " MiB");
	obs_properties_add_group(props, "group_playback", T("Group.Playback"), OBS_GROUP_NORMAL, group);
}

} // namespace

obs_properties_t *build_properties(AnimateDiffSource *source)
{
	obs_properties_t *props = obs_properties_create();
	add_actions(props, source);
	add_model(props);
	add_backend(props, source);
	add_playback(props, source);
	add_live_properties(props);
	add_setlist_properties(props);
	add_rotation_properties(props);
	return props;
}

} // namespace adiff
