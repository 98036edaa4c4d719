#include "clip_owners.hpp"

#include <filesystem>

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

std::vector<std::string> ClipOwners::delete_unused(const std::vector<std::string> &paths, uint64_t self)
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
		std::error_code ec;
		if (!used && std::filesystem::remove(path, ec))
			deleted.push_back(path);
	}
	return deleted;
}

} // namespace adiff
