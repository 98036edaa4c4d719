// The prompt setlist of one source, in OBS terms: its settings (an editable list and a mode), the
// prompt a trigger without a prompt override takes, and the cursor's place in statuses. The cursor
// logic itself is core/live/prompt_setlist.
#pragma once

#include "core/live/prompt_setlist.hpp"
#include "core/status/status.hpp"

#include <obs.h>

#include <nlohmann/json.hpp>

#include <mutex>

namespace adiff {

class SetlistControl {
public:
	void update(obs_data_t *settings);

	// With a mode on and no "prompt" in `overrides`: *merged = overrides + the next prompt, and the
	// entry's index is returned (the caller then uses *merged). -1 when the setlist does not apply.
	int overrides_for(const nlohmann::json *overrides, nlohmann::json *merged) const;
	// Just before the start: the generation takes entry `index` (-1: not from the list). Returns the
	// entry of a generation already running, for refused() to put back when the trigger is refused.
	int begin(int index);
	void refused(int previous);
	// Every status from the generator: a clip made advances the list; anything else final does not.
	void on_status(const Status &status);

	PromptSetlist &list() { return list_; }
	// {prompt_list_mode, prompt_index (made the current clip), prompt_next, prompt_count}; -1 = none.
	nlohmann::json status_json() const;
	// "Setlist: next 3/8" for the panel, or empty when off.
	std::string status_text() const;

private:
	PromptSetlist list_;
	mutable std::mutex mutex_;
	int pending_ = -1; // the entry of the generation running now
};

// Reads the prompt_list setting (array of {value: "..."}, as OBS's editable list stores it).
std::vector<std::string> read_prompt_list(obs_data_t *settings);
// Writes it back (the set_prompt_list vendor request).
void write_prompt_list(obs_data_t *settings, const std::vector<std::string> &prompts);

void set_setlist_defaults(obs_data_t *settings);
void add_setlist_properties(obs_properties_t *props);

} // namespace adiff
