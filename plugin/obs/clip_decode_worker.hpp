// The thread that decodes clips for a ClipPlayer: one request at a time, a newer request cancels the one
// running. The lock is held only to hand over a request, never while decoding.
#pragma once

#include "core/cancel_flag.hpp"
#include "core/decoder.hpp"

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

private:
	void run();

	DoneFn done_;
	std::mutex mutex_;
	std::condition_variable wake_;
	bool stopping_ = false;
	bool has_request_ = false;
	std::string request_path_;
	uint64_t request_budget_ = 0;
	std::shared_ptr<CancelFlag> running_; // cancel flag of the decode in progress, if any
	std::thread thread_;                  // last: starts after everything above exists
};

} // namespace adiff
