// Small pictures of clips (their first frame) for a clip list, made on a worker thread and kept small on disk
// beside the plugin's own clips, so a UI thread asks and is answered at once, never waiting on a decode.
#pragma once

// Thumbnail, ThumbnailState and thumbnail_path_for come with it, from core/media/thumbnail.hpp.
#include "core/media/thumbnail.hpp"
#include "core/net/cancel_flag.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace adiff {

// What the cache did so far (tests and logs): how often it had to decode a clip, read or wrote a PNG.
struct ThumbnailStats {
	uint64_t clips_decoded = 0;  // first frames decoded from clip files
	uint64_t pngs_read = 0;      // thumbnails taken from their PNG file beside the clip
	uint64_t pngs_written = 0;   // thumbnail PNGs written beside an owned clip
	uint64_t pngs_discarded = 0; // PNG files found damaged, stale or of the wrong size (then made again)
};

class ThumbnailCache {
public:
	// Called on the cache's worker thread when a thumbnail's state became final (Ready/Missing/Damaged).
	// Must not block.
	using ReadyFn = std::function<void(const std::string &clip_path)>;

	// Thumbnails fit a max_side x max_side square (the longer side is exactly max_side, aspect kept) and
	// stay in memory only: no file is written.
	explicit ThumbnailCache(ReadyFn on_ready, int max_side = 160);
	// The same, and PNG files beside the clips that a ClipStore of `clips_folder` owns (the plugin's own
	// clips): read back on the next run instead of decoding the clip again. Never beside a user's file.
	ThumbnailCache(ReadyFn on_ready, int max_side, std::string clips_folder);
	// Cancels work in flight (a decode stops at the next packet) and joins the worker; no callback after
	// it returns.
	~ThumbnailCache();
	ThumbnailCache(const ThumbnailCache &) = delete;
	ThumbnailCache &operator=(const ThumbnailCache &) = delete;

	// Never blocks on disk or decoding (a short lock, never held across I/O): returns what is known now
	// (the picture in *out when Ready, else *out is reset) and, when the clip is not known yet, queues it
	// (the newest request first) and returns Pending.
	ThumbnailState lookup(const std::string &clip_path, std::shared_ptr<const Thumbnail> *out);
	// Drops the clip from memory (e.g. the clip was deleted); work on it in flight is canceled.
	void forget(const std::string &clip_path);

	int max_side() const { return max_side_; }
	// Clips remembered (at most kCapacity: the least recently looked-up ones go first).
	size_t size() const;
	ThumbnailStats stats() const;

	static constexpr size_t kCapacity = 64;

private:
	struct Entry {
		ThumbnailState state = ThumbnailState::Pending;
		std::shared_ptr<const Thumbnail> image;
		std::list<std::string>::iterator recent; // its place in recent_
		uint64_t generation = 0;                 // a forgotten and re-requested clip is a new entry
	};
	struct Job {
		std::string path;
		uint64_t generation = 0;
		std::shared_ptr<CancelFlag> cancel;
	};

	void run();
	bool take_job(Job *job);
	void evict_over_capacity();                         // with mutex_ held
	void drop_from_queue(const std::string &clip_path); // with mutex_ held

	const ReadyFn on_ready_;
	const int max_side_;
	const std::string clips_folder_;

	mutable std::mutex mutex_;
	std::condition_variable wake_;
	bool stopping_ = false;
	std::unordered_map<std::string, Entry> entries_;
	std::list<std::string> recent_; // most recently looked-up first
	std::deque<std::string> queue_; // Pending clips not started yet, the newest request first
	std::string working_on_;        // the clip the worker is making now ("" when idle)
	std::shared_ptr<CancelFlag> working_cancel_;
	uint64_t next_generation_ = 1;

	std::atomic<uint64_t> clips_decoded_{0}, pngs_read_{0}, pngs_written_{0}, pngs_discarded_{0};
	std::thread thread_; // last: started once everything above exists
};

} // namespace adiff
