#include "obs/render/clip_decode_worker.hpp"

#include "core/media/smooth_companion.hpp"
#include "core/util/thread_priority.hpp"

#include <malloc.h>

namespace adiff {

ClipDecodeWorker::ClipDecodeWorker(DoneFn done, SmoothedFn smoothed, std::string cache_dir)
	: done_(std::move(done)),
	  smoothed_(std::move(smoothed)),
	  cache_dir_(std::move(cache_dir)),
	  thread_([this] { run(); })
{
}

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

uint64_t ClipDecodeWorker::request(const std::string &path, uint64_t memory_budget_bytes)
{
	uint64_t id = 0;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		id = next_id_++;
		job_ = Job{path, id, memory_budget_bytes, true};
		has_job_ = true;
		if (running_)
			running_->cancel(); // the newer clip wins; the older job stops at its next check
	}
	wake_.notify_all();
	return id;
}

void ClipDecodeWorker::set_smoothing(const SmoothParams &params)
{
	{
		std::lock_guard<std::mutex> lock(mutex_);
		const bool changed = params.mode != params_.mode || params.wrap != params_.wrap ||
				     (params.mode == SmoothingMode::Motion && params.fps != params_.fps);
		params_ = params;
		if (!changed)
			return;
		// A load pending or decoding reads the new settings when it gets to smoothing.
		if ((has_job_ && job_.deliver_plain) || phase_ == Phase::Decoding)
			return;
		if (phase_ == Phase::Smoothing && running_)
			running_->cancel(); // made with the old settings: stop it
		if (params.mode != SmoothingMode::Motion || last_ok_.id == 0)
			return; // the player stops showing smoothed frames by itself
		job_ = last_ok_;
		job_.deliver_plain = false;
		has_job_ = true;
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

bool ClipDecodeWorker::take_job(Job *job, std::shared_ptr<CancelFlag> *cancel)
{
	for (;;) {
		std::shared_ptr<const DecodedClip> released;
		std::unique_lock<std::mutex> lock(mutex_);
		wake_.wait(lock, [this] { return stopping_ || has_job_ || to_release_; });
		released = std::move(to_release_);
		if (stopping_)
			return false;
		if (has_job_) {
			*job = std::move(job_);
			has_job_ = false;
			*cancel = std::make_shared<CancelFlag>();
			running_ = *cancel;
			phase_ = Phase::Decoding;
			lock.unlock();
			released.reset(); // before decoding, so two clips' frames are never held at once
			return true;
		}
		lock.unlock();
		released.reset();
		// Decoded frames come from this thread's malloc arena, which glibc would otherwise keep.
		malloc_trim(0);
	}
}

bool ClipDecodeWorker::set_phase(Phase phase)
{
	std::lock_guard<std::mutex> lock(mutex_);
	phase_ = phase;
	if (phase == Phase::Idle)
		running_.reset();
	return !stopping_;
}

void ClipDecodeWorker::smooth(const Job &job, const DecodedClip &clip, const CancelFlag &cancel)
{
	SmoothOptions options;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		if (params_.mode != SmoothingMode::Motion || cancel.canceled())
			return;
		phase_ = Phase::Smoothing;
		options.fps = params_.fps;
		options.wrap = params_.wrap;
	}
	// The budget holds the plain frames (kept on the GPU for blending and as the fallback) and these.
	const uint64_t plain = clip.bytes();
	options.budget_bytes = job.budget > plain ? job.budget - plain : 0;
	options.cancel = &cancel;
	// Done once per clip: kept frames come back without interpolating (when they fit the budget).
	const ClipStore store(cache_dir_);
	SmoothCompanion companion(store, job.path, options.fps, options.wrap, &cancel);
	if (companion.enabled() && smooth_frame_count(clip, options.fps, options.wrap) * clip.width * clip.height * 4 <=
					   options.budget_bytes) {
		if (std::optional<SmoothResult> kept = companion.load(clip)) {
			if (!cancel.canceled() && set_phase(Phase::Smoothing))
				smoothed_(job.path, job.id, std::move(*kept), options.fps);
			return;
		}
	}
	SmoothResult result = interpolate_clip(clip, options);
	if (cancel.canceled() || result.error == SmoothError::Canceled)
		return;
	const SmoothResult keep = result; // frames shared, not copied: written after they are shown
	if (set_phase(Phase::Smoothing))
		smoothed_(job.path, job.id, std::move(result), options.fps);
	if (companion.enabled())
		companion.keep(keep);
}

void ClipDecodeWorker::run()
{
	// Linux: nice applies per thread, and threads created from here (libavcodec's) inherit it.
	lower_thread_priority(kBackgroundNice);
	Job job;
	std::shared_ptr<CancelFlag> cancel;
	while (take_job(&job, &cancel)) {
		DecodeOptions options;
		options.memory_budget_bytes = job.budget;
		options.cancel = cancel.get();
		DecodeResult result = decode_clip(job.path, options);
		if (cancel->canceled()) {
			result.error = DecodeError::Canceled;
			result.clip.reset();
		}
		std::shared_ptr<const DecodedClip> clip = result.clip;
		if (job.deliver_plain) {
			if (!set_phase(Phase::Decoding))
				return;
			if (result.ok()) {
				std::lock_guard<std::mutex> lock(mutex_);
				last_ok_ = job;
				last_ok_.deliver_plain = false;
			}
			done_(job.path, job.id, std::move(result)); // the plain clip plays at once
		}
		if (clip)
			smooth(job, *clip, *cancel);
		clip.reset(); // the player holds its own reference until its textures are up
		if (!set_phase(Phase::Idle))
			return;
	}
}

} // namespace adiff
