#include "core/live/prompt_setlist.hpp"

#include "core/config/model_params.hpp"

#include <algorithm>
#include <numeric>

namespace adiff {

const char *setlist_mode_id(SetlistMode mode)
{
	switch (mode) {
	case SetlistMode::Sequential:
		return "sequential";
	case SetlistMode::Shuffle:
		return "shuffle";
	case SetlistMode::Off:
		break;
	}
	return "off";
}

bool parse_setlist_mode(const std::string &id, SetlistMode *out)
{
	for (SetlistMode mode : {SetlistMode::Off, SetlistMode::Sequential, SetlistMode::Shuffle}) {
		if (id == setlist_mode_id(mode)) {
			*out = mode;
			return true;
		}
	}
	return false;
}

PromptSetlist::PromptSetlist(uint32_t seed) : rng_(seed) {}

void PromptSetlist::configure(const std::vector<std::string> &prompts, SetlistMode mode)
{
	std::vector<std::string> kept;
	for (const std::string &prompt : prompts)
		if (!prompt_is_blank(prompt))
			kept.push_back(prompt);
	std::lock_guard<std::mutex> lock(mutex_);
	if (kept == prompts_ && mode == mode_)
		return;
	const bool same_list = kept == prompts_;
	const int next = order_.empty() ? 0 : order_[size_t(std::min<int>(position_, int(order_.size()) - 1))];
	prompts_ = std::move(kept);
	mode_ = mode;
	if (!same_list && (current_ >= int(prompts_.size())))
		current_ = -1;
	order_.clear();
	position_ = 0;
	if (prompts_.empty())
		return;
	new_round();
	// Keep the entry the show was about to take, when it still exists.
	const int keep = std::min(next, int(prompts_.size()) - 1);
	if (mode_ == SetlistMode::Sequential)
		position_ = keep;
}

void PromptSetlist::new_round()
{
	const int last = order_.empty() ? -1 : order_.back();
	order_.resize(prompts_.size());
	std::iota(order_.begin(), order_.end(), 0);
	position_ = 0;
	if (mode_ != SetlistMode::Shuffle)
		return;
	std::shuffle(order_.begin(), order_.end(), rng_);
	// No immediate repeat across rounds: swap the opener with any other entry.
	if (order_.size() > 1 && order_.front() == last)
		std::swap(order_.front(), order_[1 + rng_() % (order_.size() - 1)]);
}

std::optional<SetlistPick> PromptSetlist::peek() const
{
	std::lock_guard<std::mutex> lock(mutex_);
	if (mode_ == SetlistMode::Off || order_.empty())
		return std::nullopt;
	const int index = order_[size_t(position_)];
	return SetlistPick{index, prompts_[size_t(index)]};
}

int PromptSetlist::position_of(int index) const
{
	auto it = std::find(order_.begin(), order_.end(), index);
	return it == order_.end() ? -1 : int(it - order_.begin());
}

void PromptSetlist::succeeded(int index)
{
	std::lock_guard<std::mutex> lock(mutex_);
	if (index < 0 || index >= int(prompts_.size()))
		return;
	current_ = index;
	if (mode_ != SetlistMode::Off && !order_.empty() && order_[size_t(position_)] == index)
		step(1);
}

// Under mutex_. Forward past the end starts a new round (a fresh order in shuffle); backward wraps
// within the current order.
bool PromptSetlist::step(int delta)
{
	if (mode_ == SetlistMode::Off || order_.empty())
		return false;
	const int size = int(order_.size());
	if (delta > 0 && position_ + 1 >= size) {
		new_round();
		return true;
	}
	position_ = (position_ + delta + size) % size;
	return true;
}

bool PromptSetlist::next()
{
	std::lock_guard<std::mutex> lock(mutex_);
	return step(1);
}

bool PromptSetlist::previous()
{
	std::lock_guard<std::mutex> lock(mutex_);
	return step(-1);
}

bool PromptSetlist::set(int index)
{
	std::lock_guard<std::mutex> lock(mutex_);
	if (mode_ == SetlistMode::Off || index < 0 || index >= int(prompts_.size()))
		return false;
	const int position = position_of(index);
	if (position < 0)
		return false;
	position_ = position;
	return true;
}

SetlistState PromptSetlist::state() const
{
	std::lock_guard<std::mutex> lock(mutex_);
	SetlistState state;
	state.mode = mode_;
	state.count = int(prompts_.size());
	state.current_index = current_;
	if (mode_ != SetlistMode::Off && !order_.empty())
		state.next_index = order_[size_t(position_)];
	return state;
}

std::vector<std::string> PromptSetlist::prompts() const
{
	std::lock_guard<std::mutex> lock(mutex_);
	return prompts_;
}

} // namespace adiff
