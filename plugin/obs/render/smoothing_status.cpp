#include "obs/render/smoothing_status.hpp"

#include "core/status/text_template.hpp"

#include <obs-module.h>

namespace adiff {

std::string smoothing_note(const ClipLoadEvent &event)
{
	if (event.kind != ClipLoadEvent::Kind::Smoothed)
		return {};
	if (event.smooth_error == SmoothError::None && event.smooth_reduced)
		return format_template(
			obs_module_text("Note.SmoothingReduced"),
			{{"fps", std::to_string(event.smooth_fps)}, {"asked", std::to_string(event.smooth_fps_asked)}});
	if (event.smooth_error == SmoothError::OverBudget)
		return obs_module_text("Note.SmoothingBlendOnly");
	return {};
}

nlohmann::json smoothing_json(const SmoothingState &state)
{
	return {{"smoothing", smoothing_id(state.mode)},
		{"smoothed", state.smoothed},
		{"smooth_fps", state.fps},
		{"smooth_reduced", state.reduced}};
}

} // namespace adiff
