#include "core/clips/clip_owners.hpp"

#include <algorithm>

namespace adiff {

ClipOwners &ClipOwners::instance()
{
	static ClipOwners registry;
	return registry;
}

uint64_t ClipOwners::add(UsesFn uses)
{
	std::lock_guard<std::mutex> lock(mutex_);
	const uint64_t id = next_id_++;
	owners_.emplace(id, std::move(uses));
	return id;
}

void ClipOwners::remove(uint64_t id)
{
	std::lock_guard<std::mutex> lock(mutex_);
	owners_.erase(id);
}

std::vector<std::string> ClipOwners::delete_unused(const std::vector<std::string> &paths, uint64_t self,
						   const ClipStore &store)
{
	std::vector<std::string> deleted;
	std::lock_guard<std::mutex> lock(mutex_);
	for (const std::string &path : paths) {
		bool used = false;
		for (const auto &[id, uses] : owners_) {
			if (id != self && uses(path)) {
				used = true;
				break;
			}
		}
		if (!used && store.remove_owned(path))
			deleted.push_back(path);
	}
	return deleted;
}

std::vector<std::string> ClipOwners::trim_folder(const ClipStore &store, uint64_t max_bytes)
{
	std::lock_guard<std::mutex> lock(mutex_);
	return store.trim_folder(max_bytes, [this](const std::string &path) {
		return std::any_of(owners_.begin(), owners_.end(),
				   [&](const auto &owner) { return owner.second(path); });
	});
}

} // namespace adiff
