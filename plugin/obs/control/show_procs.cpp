#include "obs/control/show_procs.hpp"

#include "obs/control/live_json.hpp"
#include "obs/control/live_target.hpp"
#include "obs/control/show_actions.hpp"

#include <nlohmann/json.hpp>

namespace adiff {
namespace {

LiveTarget &self(void *data)
{
	return *static_cast<LiveTarget *>(data);
}

void answer(calldata_t *cd, const nlohmann::json &response)
{
	calldata_set_string(cd, "json", answer_text(response).c_str());
}

// A string parameter as JSON; text that does not parse stays the string itself (a plain path), as
// show_requests reads a vendor request's string. Absent → null, which every action refuses.
nlohmann::json text_as_json(calldata_t *cd, const char *name)
{
	const char *text = calldata_string(cd, name);
	if (!text)
		return nullptr;
	return json_or_text(text);
}

void proc_setlist_next(void *data, calldata_t *cd)
{
	answer(cd, setlist_move(self(data), "next"));
}

void proc_setlist_previous(void *data, calldata_t *cd)
{
	answer(cd, setlist_move(self(data), "previous"));
}

void proc_setlist_set(void *data, calldata_t *cd)
{
	long long index = -1; // absent: refused like an index out of range
	calldata_get_int(cd, "index", &index);
	answer(cd, setlist_move(self(data), "set", index));
}

void proc_set_prompt_list(void *data, calldata_t *cd)
{
	// Text that is not JSON becomes a string, which set_prompt_list refuses (not an array).
	answer(cd, set_prompt_list(self(data), text_as_json(cd, "prompts_json")));
}

void proc_next_clip(void *data, calldata_t *cd)
{
	answer(cd, clip_move(self(data), "next"));
}

void proc_previous_clip(void *data, calldata_t *cd)
{
	answer(cd, clip_move(self(data), "previous"));
}

void proc_play_clip(void *data, calldata_t *cd)
{
	answer(cd, clip_move(self(data), "play", text_as_json(cd, "which")));
}

void proc_list_clips(void *data, calldata_t *cd)
{
	answer(cd, list_clips_json(self(data)));
}

} // namespace

void register_show_procs(proc_handler_t *ph, LiveTarget *target)
{
	proc_handler_add(ph, "void setlist_next(out string json)", proc_setlist_next, target);
	proc_handler_add(ph, "void setlist_previous(out string json)", proc_setlist_previous, target);
	proc_handler_add(ph, "void setlist_set(in int index, out string json)", proc_setlist_set, target);
	proc_handler_add(ph, "void set_prompt_list(in string prompts_json, out string json)", proc_set_prompt_list,
			 target);
	proc_handler_add(ph, "void next_clip(out string json)", proc_next_clip, target);
	proc_handler_add(ph, "void previous_clip(out string json)", proc_previous_clip, target);
	proc_handler_add(ph, "void play_clip(in string which, out string json)", proc_play_clip, target);
	proc_handler_add(ph, "void list_clips(out string json)", proc_list_clips, target);
}

} // namespace adiff
