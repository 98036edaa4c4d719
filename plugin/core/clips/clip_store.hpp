// The per-user clip folder: file names from the request hash (never from server text), atomic writes,
// and the clip history of a source (newest first) with a size/count cap that deletes the oldest files.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace adiff {

class ClipStore {
public:
	explicit ClipStore(std::string dir);
	const std::string &dir() const { return dir_; }

	bool ensure_dir(std::string *error) const;
	// <dir>/<hash>.<ext>; ext is one of mp4, gif, webm, mov (anything else becomes "bin").
	std::string path_for(const std::string &hash, const std::string &ext) const;
	// A finished clip for this hash, if one is on disk (any known extension).
	std::optional<std::string> find(const std::string &hash) const;
	// A unique temporary path in the same folder (so the final rename is atomic).
	std::string temp_path_for(const std::string &hash) const;
	// rename(temp, final); on failure removes temp and says why.
	bool commit(const std::string &temp_path, const std::string &final_path, std::string *error) const;

	// True only for a file this store made: a regular file (not a symlink) directly inside the clips
	// folder (real paths compared), named <hex hash>.<ext>, .<hex hash>.part-<n>-<n>-<n>, or a companion
	// file of a clip (below). A scene collection can list any path in its clip history; only files
	// passing this may ever be deleted.
	bool owns(const std::string &path) const;
	// Deletes `path` only when owns(path); true when it was deleted. A clip goes with its companions.
	bool remove_owned(const std::string &path) const;

	// Companion files: "<clip file name>.adiff-<kind>.<ext>" (kind and ext: lower-case letters, digits,
	// '-') belongs to that clip: smoothed frames, a thumbnail. It is counted in the folder's bound, deleted
	// with its clip (and only once its clip is gone, as an orphan), and never itself taken for a clip.
	// The path of `clip_path`'s companion of this kind; "" when clip_path is not a clip this store owns.
	std::string companion_path(const std::string &clip_path, const std::string &kind, const std::string &ext) const;
	// The existing companion files of clip_path.
	std::vector<std::string> companions_of(const std::string &clip_path) const;

	// Keeps the whole folder under max_bytes: deletes the oldest (by modification time) finished clips
	// this store owns for which in_use(path) is false, with their companions, until the owned files total
	// at most max_bytes. Companions whose clip is gone are deleted first. Temporary files (a download in
	// progress) are counted but never deleted. Returns the deleted paths.
	using InUseFn = std::function<bool(const std::string &path)>;
	std::vector<std::string> trim_folder(uint64_t max_bytes, const InUseFn &in_use) const;

private:
	std::string dir_;
};

// The clips folder as a whole (all sources together) stays under this; documented in README.md.
constexpr uint64_t kClipsFolderMaxBytes = 2048ull << 20;

struct ClipRecord {
	std::string path;
	int64_t created_unix = 0;
	int64_t seed = 0;
	std::string prompt;
	std::string prediction_id; // empty when served from cache
	double predict_time = -1;
	int width = 0, height = 0, frames = 0;

	nlohmann::json to_json() const;
	static std::optional<ClipRecord> from_json(const nlohmann::json &j); // nullopt when malformed
	// "2026-11-25 14:03 · seed 1234 · neon city at night…" (local time, first words of the prompt)
	// `format` is a localised template with {time}, {seed} and {prompt}; a " · {prompt}" tail is
	// dropped when the prompt is empty.
	std::string label(const std::string &format = "{time} \u00b7 seed {seed} \u00b7 {prompt}") const;
};

class ClipHistory {
public:
	// Malformed entries are skipped (a hand-edited scene file must not break anything).
	static ClipHistory from_json(const nlohmann::json &array);
	nlohmann::json to_json() const;

	const std::vector<ClipRecord> &records() const { return records_; } // newest first
	void add(ClipRecord record); // moves an existing record with the same path to the front
	// Keep at most max_count records and max_bytes of files on disk (0 = no limit for that
	// dimension); drop the oldest of the rest and return their paths. The files stay: deleting them is
	// the caller's, through ClipOwners, because another source may list the same file.
	std::vector<std::string> drop_over_cap(size_t max_count, uint64_t max_bytes);
	// Drop records whose file no longer exists.
	void prune_missing();

private:
	std::vector<ClipRecord> records_;
};

} // namespace adiff
