// Scripting surface of one AnimateDiff source (Lua/Python scripts, other plugins):
//   procs   (obs_source_get_proc_handler):
//     void generate(in string overrides_json, out bool ok, out string error, out string json)
//     void cancel()
//     void get_status(out string json)
//     and the show controls of control/show_procs (setlist_next, play_clip, list_clips, ...)
//   signals (obs_source_get_signal_handler):
//     void generation_started(ptr source)
//     void generation_progress(ptr source, float progress, string message)   (at most 4 per second)
//     void generation_finished(ptr source, string clip_path, int seed)
//     void generation_failed(ptr source, string message)                     (also for canceled)
// Signals are emitted from the generator's thread: a handler must not block, and must not start a
// new generation from inside the handler (the generator is still finishing; use a timer instead).
#pragma once

#include <obs.h>

#include <nlohmann/json.hpp>

#include <string>

namespace adiff {

class LiveTarget;

// Declares the signals and adds the procs (which act on `target`); called once from the create callback.
void register_source_scripting(obs_source_t *source, LiveTarget *target);

void emit_generation_started(obs_source_t *source);
void emit_generation_progress(obs_source_t *source, double progress, const std::string &message);
void emit_generation_finished(obs_source_t *source, const std::string &clip_path, int64_t seed);
void emit_generation_failed(obs_source_t *source, const std::string &message);
// The smoothing state (as get_status has it) changed: the smooth loop is in place, or smoothing ended
// without one.
void emit_smoothing_changed(obs_source_t *source, const nlohmann::json &state);

} // namespace adiff
