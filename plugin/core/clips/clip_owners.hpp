// Who still needs a clip file. Clip files are named by a hash of the request, so two sources can list
// the same file: a duplicated source copies the clip history with the rest of its settings, and two
// sources with the same fixed seed and prompt share the file from the disk cache. A source that drops
// a clip from its own history (the history cap) may delete the file only when no other source still
// lists or plays it: another source's clip must never vanish behind its back.
#pragma once

#include "core/clips/clip_store.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace adiff {

class ClipOwners {
public:
	// Answers "does this owner list or play this file?". Called with the registry's lock held, from
	// another owner's thread: it must be quick, take only its owner's own short lock, and never call
	// back into the registry.
	using UsesFn = std::function<bool(const std::string &path)>;

	// The process-wide registry every AnimateDiff source joins.
	static ClipOwners &instance();

	uint64_t add(UsesFn uses);
	// After remove() returns, the owner's UsesFn is never called again: call it before the owner's
	// state goes.
	void remove(uint64_t id);

	// Deletes each file that no owner other than `self` uses and that `store` made (ClipStore::owns: a
	// history entry naming a user's own file is never deleted); returns the paths actually deleted (a
	// file already gone is not listed). The lock is held throughout, so an owner cannot leave (be
	// destroyed) between being asked and the delete.
	std::vector<std::string> delete_unused(const std::vector<std::string> &paths, uint64_t self,
					       const ClipStore &store);
	// ClipStore::trim_folder with "in use" meaning listed or played by any owner: the folder-wide bound
	// only ever deletes clips no loaded source still needs.
	std::vector<std::string> trim_folder(const ClipStore &store, uint64_t max_bytes);

private:
	std::mutex mutex_;
	uint64_t next_id_ = 1;
	std::map<uint64_t, UsesFn> owners_;
};

// Registers on construction, leaves on destruction: a member of the owner, declared after the state
// its UsesFn reads, so it leaves first.
class ClipOwnership {
public:
	ClipOwnership(ClipOwners &registry, const ClipStore &store, ClipOwners::UsesFn uses)
		: registry_(registry),
		  store_(store),
		  id_(registry.add(std::move(uses)))
	{
	}
	~ClipOwnership() { registry_.remove(id_); }
	ClipOwnership(const ClipOwnership &) = delete;
	ClipOwnership &operator=(const ClipOwnership &) = delete;

	std::vector<std::string> delete_unused(const std::vector<std::string> &paths)
	{
		return registry_.delete_unused(paths, id_, store_);
	}
	std::vector<std::string> trim_folder(uint64_t max_bytes) { return registry_.trim_folder(store_, max_bytes); }

private:
	ClipOwners &registry_;
	const ClipStore &store_;
	uint64_t id_;
};

} // namespace adiff
