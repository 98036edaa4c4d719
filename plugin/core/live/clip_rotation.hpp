// Clip rotation: while the source is showing, play the next clip of its history every N seconds, at no
// cost (it never starts a generation). Pure scheduling: the owner passes the time, the history and a
// check for usable files; it gets back the path to play. Missing or damaged files are skipped (and
// reported once through `skipped`), so a broken history never stalls the show.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace adiff {

enum class RotateOrder { Sequential, Shuffle };

const char *rotate_order_id(RotateOrder order);                   // "sequential" / "shuffle"
bool parse_rotate_order(const std::string &id, RotateOrder *out); // false for anything unknown

class ClipRotation {
public:
	using UsableFn = std::function<bool(const std::string &path)>;

	explicit ClipRotation(UsableFn usable, uint32_t seed = std::random_device{}());

	// 0 seconds = off. Keeps the timer when nothing changed.
	void configure(int seconds, RotateOrder order);
	int seconds() const { return seconds_; }

	// The history, newest first (as ClipHistory keeps it) and the clip on screen.
	void set_clips(std::vector<std::string> newest_first, const std::string &playing);
	// A new clip, or a clip picked by hand, plays now: the interval starts again from it.
	void playing(const std::string &path, uint64_t now_ns);
	// A clip that failed to decode: skipped from now on (until it leaves the history).
	void mark_damaged(const std::string &path);

	// From the render tick: the clip to switch to when the interval is over and the source shows.
	std::optional<std::string> tick(uint64_t now_ns, bool showing);

	// By hand (hotkeys, vendor requests). nullopt when no usable clip is there.
	std::optional<std::string> next();
	std::optional<std::string> previous();
	std::optional<std::string> clip_at(int index) const; // index into the history

	std::string current() const { return playing_; }
	int current_index() const; // into the history; -1 when the clip on screen is not in it
	// Paths skipped since the last call (missing or damaged), for one note each.
	std::vector<std::string> take_skipped();

private:
	std::optional<std::string> step(int delta);
	bool usable(const std::string &path);
	std::vector<int> order() const;

	UsableFn usable_;
	std::mt19937 rng_;
	int seconds_ = 0;
	RotateOrder order_ = RotateOrder::Sequential;
	std::vector<std::string> clips_;
	std::vector<int> shuffled_; // a permutation of clips_ in shuffle mode
	std::vector<std::string> damaged_;
	std::vector<std::string> skipped_;
	std::string playing_;
	uint64_t since_ns_ = 0;
	bool timer_started_ = false;
};

} // namespace adiff
