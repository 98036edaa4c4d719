#include "obs/render/clip_decode_worker.hpp"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace adiff {

ClipDecodeWorker::ClipDecodeWorker(DoneFn done) : done_(std::move(done)), thread_([this] { run(); }) {}

ClipDecodeWorker::~ClipDecodeWorker()
{
	{
		std::lock_guard<std::mutex> lock(mutex_);
		stopping_ = true;
		if (running_)
			running_->cancel();
	}
	wake_.notify_all();
	thread_.join();
}

void ClipDecodeWorker::request(const std::string &path, uint64_t memory_budget_bytes)
{
	{
		std::lock_guard<std::mutex> lock(mutex_);
		request_path_ = path;
		request_budget_ = memory_budget_bytes;
		has_request_ = true;
		if (running_)
			running_->cancel(); // the newer clip wins; the older decode stops at its next check
	}
	wake_.notify_all();
}

void ClipDecodeWorker::release(std::shared_ptr<const DecodedClip> frames)
{
	{
		std::lock_guard<std::mutex> lock(mutex_);
		to_release_.swap(frames); // an older pending release (if any) is freed below, rarely
	}
	wake_.notify_all();
}

void ClipDecodeWorker::run()
{
	// Linux: nice applies per thread, and threads created from here (libavcodec's) inherit it.
	setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
	for (;;) {
		std::string path;
		DecodeOptions options;
		auto cancel = std::make_shared<CancelFlag>();
		std::shared_ptr<const DecodedClip> released;
		{
			std::unique_lock<std::mutex> lock(mutex_);
			wake_.wait(lock, [this] { return stopping_ || has_request_ || to_release_; });
			released = std::move(to_release_);
			if (stopping_)
				return;
			if (!has_request_) {
				lock.unlock();
				released.reset();
				// Decoded frames come from this thread's malloc arena, which glibc would otherwise
				// keep.
				malloc_trim(0);
				continue;
			}
			path = std::move(request_path_);
			options.memory_budget_bytes = request_budget_;
			has_request_ = false;
			running_ = cancel;
		}
		released.reset(); // before decoding, so two clips' frames are never held at once
		options.cancel = cancel.get();
		DecodeResult result = decode_clip(path, options);
		if (cancel->canceled()) {
			result.error = DecodeError::Canceled;
			result.clip.reset();
		}
		{
			std::lock_guard<std::mutex> lock(mutex_);
			running_.reset();
			if (stopping_)
				return;
		}
		done_(path, std::move(result));
	}
}

} // namespace adiff
