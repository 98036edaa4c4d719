#include "core/live/clip_rotation.hpp"

#include <algorithm>
#include <numeric>

namespace adiff {

const char *rotate_order_id(RotateOrder order)
{
	return order == RotateOrder::Shuffle ? "shuffle" : "sequential";
}

bool parse_rotate_order(const std::string &id, RotateOrder *out)
{
	if (id == "sequential" || id == "shuffle") {
		*out = id == "shuffle" ? RotateOrder::Shuffle : RotateOrder::Sequential;
		return true;
	}
	return false;
}

ClipRotation::ClipRotation(UsableFn usable, uint32_t seed) : usable_(std::move(usable)), rng_(seed) {}

void ClipRotation::configure(int seconds, RotateOrder order)
{
	seconds_ = std::max(0, seconds);
	if (order != order_) {
		order_ = order;
		shuffled_.clear();
	}
}

void ClipRotation::set_clips(std::vector<std::string> newest_first, const std::string &playing)
{
	if (newest_first != clips_) {
		clips_ = std::move(newest_first);
		shuffled_.clear();
		damaged_.erase(std::remove_if(damaged_.begin(), damaged_.end(),
					      [&](const std::string &p) {
						      return std::find(clips_.begin(), clips_.end(), p) == clips_.end();
					      }),
			       damaged_.end());
	}
	playing_ = playing;
}

void ClipRotation::playing(const std::string &path, uint64_t now_ns)
{
	playing_ = path;
	since_ns_ = now_ns;
	timer_started_ = true;
}

void ClipRotation::mark_damaged(const std::string &path)
{
	if (std::find(damaged_.begin(), damaged_.end(), path) == damaged_.end())
		damaged_.push_back(path);
}

std::optional<std::string> ClipRotation::tick(uint64_t now_ns, bool showing)
{
	if (seconds_ <= 0 || !showing) {
		// Hidden time does not count: the next clip gets its full interval on screen.
		timer_started_ = false;
		return std::nullopt;
	}
	if (!timer_started_) {
		since_ns_ = now_ns;
		timer_started_ = true;
		return std::nullopt;
	}
	if (now_ns - since_ns_ < uint64_t(seconds_) * 1'000'000'000ull)
		return std::nullopt;
	since_ns_ = now_ns; // also when nothing is usable: try again one interval later, never spin
	std::optional<std::string> next_clip = step(1);
	if (next_clip)
		playing_ = *next_clip;
	return next_clip;
}

std::vector<int> ClipRotation::order() const
{
	if (order_ == RotateOrder::Shuffle && shuffled_.size() == clips_.size())
		return shuffled_;
	std::vector<int> identity(clips_.size());
	std::iota(identity.begin(), identity.end(), 0);
	return identity;
}

bool ClipRotation::usable(const std::string &path)
{
	const bool ok = std::find(damaged_.begin(), damaged_.end(), path) == damaged_.end() &&
			(!usable_ || usable_(path));
	if (!ok && std::find(skipped_.begin(), skipped_.end(), path) == skipped_.end())
		skipped_.push_back(path);
	return ok;
}

// From the clip on screen, `delta` places along the order, skipping unusable files; at most one lap.
std::optional<std::string> ClipRotation::step(int delta)
{
	if (clips_.empty())
		return std::nullopt;
	if (order_ == RotateOrder::Shuffle && shuffled_.size() != clips_.size()) {
		shuffled_.resize(clips_.size());
		std::iota(shuffled_.begin(), shuffled_.end(), 0);
		std::shuffle(shuffled_.begin(), shuffled_.end(), rng_);
	}
	const std::vector<int> sequence = order();
	const int size = int(sequence.size());
	int position = -1;
	for (int i = 0; i < size; ++i)
		if (clips_[size_t(sequence[size_t(i)])] == playing_)
			position = i;
	if (position < 0)
		position = delta > 0 ? -1 : 0;
	for (int tries = 0; tries < size; ++tries) {
		position = ((position + delta) % size + size) % size;
		const std::string &candidate = clips_[size_t(sequence[size_t(position)])];
		if (candidate == playing_ && size > 1)
			continue;
		if (usable(candidate))
			return candidate;
	}
	return std::nullopt;
}

std::optional<std::string> ClipRotation::next()
{
	auto clip = step(1);
	if (clip)
		playing_ = *clip;
	return clip;
}

std::optional<std::string> ClipRotation::previous()
{
	auto clip = step(-1);
	if (clip)
		playing_ = *clip;
	return clip;
}

std::optional<std::string> ClipRotation::clip_at(int index) const
{
	if (index < 0 || index >= int(clips_.size()))
		return std::nullopt;
	return clips_[size_t(index)];
}

int ClipRotation::current_index() const
{
	auto it = std::find(clips_.begin(), clips_.end(), playing_);
	return it == clips_.end() ? -1 : int(it - clips_.begin());
}

std::vector<std::string> ClipRotation::take_skipped()
{
	std::vector<std::string> out;
	out.swap(skipped_);
	return out;
}

} // namespace adiff
