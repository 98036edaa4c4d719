// A live show's list of prompts and the cursor through it. With a mode on, every generation that has no
// prompt override takes the entry under the cursor; the cursor moves on only when that generation made
// a clip (a refused, failed or canceled one would otherwise skip a prompt the show never saw).
// Thread-safe: triggers come from the UI thread, results from the generator's thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace adiff {

enum class SetlistMode { Off, Sequential, Shuffle };

const char *setlist_mode_id(SetlistMode mode);                    // "off" / "sequential" / "shuffle"
bool parse_setlist_mode(const std::string &id, SetlistMode *out); // false for anything unknown

struct SetlistPick {
	int index = -1; // into the list as set
	std::string prompt;
};

struct SetlistState {
	SetlistMode mode = SetlistMode::Off;
	int count = 0;
	int next_index = -1;    // the entry the next generation takes; -1 when off or empty
	int current_index = -1; // the entry that made the clip on screen; -1 when none
};

class PromptSetlist {
public:
	explicit PromptSetlist(uint32_t seed = std::random_device{}());

	// Blank entries are dropped (they would be refused as an empty prompt and stall the list). An
	// unchanged list and mode keep the cursor; a changed list keeps its position, clamped.
	void configure(const std::vector<std::string> &prompts, SetlistMode mode);

	// The prompt the next generation takes; nullopt when off or empty (the `prompt` field is used).
	std::optional<SetlistPick> peek() const;
	// The generation that took `index` made a clip: it becomes current, and the cursor moves past it
	// (unless someone moved the cursor meanwhile: their choice stands).
	void succeeded(int index);

	// Cursor moves without generating. False when off or empty (or `index` out of range).
	bool next();
	bool previous();
	bool set(int index);

	SetlistState state() const;
	std::vector<std::string> prompts() const;

private:
	void new_round(); // next order; in shuffle, never opens with the entry that closed the last round
	int position_of(int index) const;
	bool step(int delta);

	mutable std::mutex mutex_;
	std::mt19937 rng_;
	std::vector<std::string> prompts_;
	SetlistMode mode_ = SetlistMode::Off;
	std::vector<int> order_; // a permutation of the indices (identity when sequential)
	int position_ = 0;       // into order_
	int current_ = -1;
};

} // namespace adiff
