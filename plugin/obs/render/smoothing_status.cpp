#include "obs/render/smoothing_status.hpp"

#include "obs/util/plugin_text.hpp"
#include "core/util/text_template.hpp"

namespace adiff {

std::string smoothing_note(const ClipLoadEvent &event)
{
	if (event.kind != ClipLoadEvent::Kind::Smoothed)
		return {};
	if (event.smooth_error == SmoothError::None && event.smooth_reduced)
		return format_template(T("Note.SmoothingReduced"), {{"fps", std::to_string(event.smooth_fps)},
								    {"asked", std::to_string(event.smooth_fps_asked)}});
	if (event.smooth_error == SmoothError::OverBudget)
		return T("Note.SmoothingBlendOnly");
	return {};
}

nlohmann::json smoothed_event_json(const ClipLoadEvent &event)
{
	const bool ok = event.smooth_error == SmoothError::None;
	return {{"smoothing", smoothing_id(SmoothingMode::Motion)}, {"smoothed", ok},
		{"smooth_fps", ok ? event.smooth_fps : 0},          {"smooth_reduced", ok && event.smooth_reduced},
		{"smooth_cached", ok && event.smooth_cached},       {"clip_path", event.path}};
}

nlohmann::json smoothing_json(const SmoothingState &state)
{
	return {{"smoothing", smoothing_id(state.mode)},
		{"smoothed", state.smoothed},
		{"smooth_fps", state.fps},
		{"smooth_reduced", state.reduced}};
}

} // namespace adiff
