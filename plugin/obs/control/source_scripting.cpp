#include "obs/control/source_scripting.hpp"

#include "obs/control/live_json.hpp"
#include "obs/control/live_target.hpp"
#include "obs/control/show_procs.hpp"
#include "core/status/status_json.hpp"

#include <obs-module.h>

namespace adiff {
namespace {

const char *kSignals[] = {
	"void generation_started(ptr source)",
	"void generation_progress(ptr source, float progress, string message)",
	"void generation_finished(ptr source, string clip_path, int seed)",
	"void generation_failed(ptr source, string message)",
	"void smoothing_changed(ptr source, bool smoothed, int smooth_fps, string json)",
	nullptr,
};

LiveTarget *self(void *data)
{
	return static_cast<LiveTarget *>(data);
}

// overrides_json is optional: absent or empty means "the panel's settings as they are". It is parsed
// here as the raw JSON text (never through obs_data, which drops nulls): {"prompt": null} is refused.
void proc_generate(void *data, calldata_t *cd)
{
	const char *text = calldata_string(cd, "overrides_json");
	nlohmann::json response;
	nlohmann::json overrides;
	const bool has_overrides = text && *text;
	if (has_overrides)
		response = parse_overrides_text(text, &overrides);
	if (response.is_null())
		response = live_trigger_json(
			self(data)->generate(TriggerOrigin::Script, has_overrides ? &overrides : nullptr));

	calldata_set_bool(cd, "ok", response.value("ok", false));
	calldata_set_string(cd, "error", response.value("error", std::string()).c_str());
	calldata_set_string(cd, "json", answer_text(response).c_str());
}

void proc_cancel(void *data, calldata_t *)
{
	self(data)->cancel();
}

void proc_get_status(void *data, calldata_t *cd)
{
	calldata_set_string(cd, "json", answer_text(live_status_json(*self(data))).c_str());
}

void signal_with_source(obs_source_t *source, const char *name, calldata_t *cd)
{
	calldata_set_ptr(cd, "source", source);
	signal_handler_signal(obs_source_get_signal_handler(source), name, cd);
}

} // namespace

void register_source_scripting(obs_source_t *source, LiveTarget *target)
{
	signal_handler_add_array(obs_source_get_signal_handler(source), kSignals);
	proc_handler_t *ph = obs_source_get_proc_handler(source);
	proc_handler_add(ph, "void generate(in string overrides_json, out bool ok, out string error, out string json)",
			 proc_generate, target);
	proc_handler_add(ph, "void cancel()", proc_cancel, target);
	proc_handler_add(ph, "void get_status(out string json)", proc_get_status, target);
	register_show_procs(ph, target); // setlist_*, set_prompt_list, clip stepping, list_clips
}

void emit_generation_started(obs_source_t *source)
{
	calldata_t cd;
	calldata_init(&cd);
	signal_with_source(source, "generation_started", &cd);
	calldata_free(&cd);
}

void emit_generation_progress(obs_source_t *source, double progress, const std::string &message)
{
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_float(&cd, "progress", progress);
	calldata_set_string(&cd, "message", message.c_str());
	signal_with_source(source, "generation_progress", &cd);
	calldata_free(&cd);
}

void emit_generation_finished(obs_source_t *source, const std::string &clip_path, int64_t seed)
{
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_string(&cd, "clip_path", clip_path.c_str());
	calldata_set_int(&cd, "seed", seed);
	signal_with_source(source, "generation_finished", &cd);
	calldata_free(&cd);
}

void emit_generation_failed(obs_source_t *source, const std::string &message)
{
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_string(&cd, "message", message.c_str());
	signal_with_source(source, "generation_failed", &cd);
	calldata_free(&cd);
}

void emit_smoothing_changed(obs_source_t *source, const nlohmann::json &state)
{
	calldata_t cd;
	calldata_init(&cd);
	calldata_set_bool(&cd, "smoothed", state.value("smoothed", false));
	calldata_set_int(&cd, "smooth_fps", state.value("smooth_fps", 0));
	calldata_set_string(&cd, "json", answer_text(state).c_str());
	signal_with_source(source, "smoothing_changed", &cd);
	calldata_free(&cd);
}

} // namespace adiff
