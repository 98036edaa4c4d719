// The thread that decodes clips for a ClipPlayer: one request at a time, a newer request cancels the one
// running. The lock is held only to hand over a request, never while decoding. It runs at a lower CPU
// priority (inherited by libavcodec's own threads) so OBS's graphics and encoder threads come first.
#pragma once

#include "core/net/cancel_flag.hpp"
#include "core/media/decoder.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace adiff {

class ClipDecodeWorker {
public:
	// Called on the worker thread with every finished decode (ok, error, or Canceled when superseded),
	// except during shutdown.
	using DoneFn = std::function<void(const std::string &path, DecodeResult result)>;

	explicit ClipDecodeWorker(DoneFn done);
	~ClipDecodeWorker(); // cancels the running decode and joins
	ClipDecodeWorker(const ClipDecodeWorker &) = delete;
	ClipDecodeWorker &operator=(const ClipDecodeWorker &) = delete;

	void request(const std::string &path, uint64_t memory_budget_bytes);
	// Frees `frames` on the worker thread and gives the pages back to the OS there (any thread; only
	// moves a pointer under the lock), so the graphics thread never pays for freeing hundreds of MiB.
	void release(std::shared_ptr<const DecodedClip> frames);

private:
	void run();

	DoneFn done_;
	std::mutex mutex_;
	std::condition_variable wake_;
	bool stopping_ = false;
	bool has_request_ = false;
	std::string request_path_;
	uint64_t request_budget_ = 0;
	std::shared_ptr<const DecodedClip> to_release_;
	std::shared_ptr<CancelFlag> running_; // cancel flag of the decode in progress, if any
	std::thread thread_;                  // last: starts after everything above exists
};

} // namespace adiff
