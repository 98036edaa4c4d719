#include "core/media/thumbnail_cache.hpp"

#include "core/media/thumbnail_maker.hpp"
#include "core/util/thread_priority.hpp"

#include <algorithm>

namespace adiff {

ThumbnailCache::ThumbnailCache(ReadyFn on_ready, int max_side) : ThumbnailCache(std::move(on_ready), max_side, "") {}

ThumbnailCache::ThumbnailCache(ReadyFn on_ready, int max_side, std::string clips_folder)
	: on_ready_(std::move(on_ready)),
	  max_side_(std::clamp(max_side, 1, 4096)),
	  clips_folder_(std::move(clips_folder)),
	  thread_([this] { run(); })
{
}

ThumbnailCache::~ThumbnailCache()
{
	{
		std::lock_guard<std::mutex> lock(mutex_);
		stopping_ = true;
		if (working_cancel_)
			working_cancel_->cancel(); // the decode stops at its next packet or slice
	}
	wake_.notify_all();
	thread_.join();
}

ThumbnailState ThumbnailCache::lookup(const std::string &clip_path, std::shared_ptr<const Thumbnail> *out)
{
	std::shared_ptr<const Thumbnail> image;
	ThumbnailState state = ThumbnailState::Pending;
	bool queued = false;
	{
		std::lock_guard<std::mutex> lock(mutex_);
		auto found = entries_.find(clip_path);
		if (found != entries_.end()) {
			Entry &entry = found->second;
			recent_.splice(recent_.begin(), recent_, entry.recent);
			state = entry.state;
			image = entry.image;
			// Asked again while waiting: it is wanted now, so it goes first.
			if (state == ThumbnailState::Pending && working_on_ != clip_path) {
				drop_from_queue(clip_path);
				queue_.push_front(clip_path);
			}
		} else {
			recent_.push_front(clip_path);
			Entry entry;
			entry.recent = recent_.begin();
			entry.generation = next_generation_++;
			entries_.emplace(clip_path, std::move(entry));
			queue_.push_front(clip_path);
			queued = true;
			evict_over_capacity();
		}
	}
	if (queued)
		wake_.notify_one();
	if (out)
		*out = std::move(image); // outside the lock: releasing an old picture frees memory
	return state;
}

void ThumbnailCache::forget(const std::string &clip_path)
{
	std::lock_guard<std::mutex> lock(mutex_);
	auto found = entries_.find(clip_path);
	if (found == entries_.end())
		return;
	recent_.erase(found->second.recent);
	entries_.erase(found);
	drop_from_queue(clip_path);
	if (working_on_ == clip_path && working_cancel_)
		working_cancel_->cancel(); // its result has nowhere to go
}

size_t ThumbnailCache::size() const
{
	std::lock_guard<std::mutex> lock(mutex_);
	return entries_.size();
}

ThumbnailStats ThumbnailCache::stats() const
{
	ThumbnailStats stats;
	stats.clips_decoded = clips_decoded_.load();
	stats.pngs_read = pngs_read_.load();
	stats.pngs_written = pngs_written_.load();
	stats.pngs_discarded = pngs_discarded_.load();
	return stats;
}

void ThumbnailCache::drop_from_queue(const std::string &clip_path)
{
	auto queued = std::find(queue_.begin(), queue_.end(), clip_path);
	if (queued != queue_.end())
		queue_.erase(queued);
}

void ThumbnailCache::evict_over_capacity()
{
	// The least recently looked-up go first; the clip being made stays (its result is about to arrive).
	auto candidate = recent_.end();
	while (entries_.size() > kCapacity && candidate != recent_.begin()) {
		--candidate;
		if (*candidate == working_on_)
			continue;
		const std::string path = *candidate;
		candidate = recent_.erase(candidate);
		entries_.erase(path);
		drop_from_queue(path);
	}
}

bool ThumbnailCache::take_job(Job *job)
{
	std::unique_lock<std::mutex> lock(mutex_);
	working_on_.clear();
	working_cancel_.reset();
	wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
	if (stopping_)
		return false;
	job->path = queue_.front();
	queue_.pop_front();
	job->generation = entries_.at(job->path).generation;
	job->cancel = std::make_shared<CancelFlag>();
	working_on_ = job->path;
	working_cancel_ = job->cancel;
	return true;
}

void ThumbnailCache::run()
{
	lower_this_thread_priority(); // thumbnails wait; OBS's frames do not
	const ThumbnailJobSettings settings{max_side_, clips_folder_};
	Job job;
	while (take_job(&job)) {
		ThumbnailOutcome outcome = make_thumbnail(job.path, settings, *job.cancel);
		clips_decoded_ += outcome.decoded ? 1 : 0;
		pngs_read_ += outcome.png_read ? 1 : 0;
		pngs_written_ += outcome.png_written ? 1 : 0;
		pngs_discarded_ += outcome.png_discarded ? 1 : 0;
		bool publish = false;
		{
			std::lock_guard<std::mutex> lock(mutex_);
			if (stopping_)
				return;
			auto found = entries_.find(job.path);
			// Forgotten (or forgotten and asked for again) meanwhile: this result is not the entry's.
			publish = outcome.state != ThumbnailState::Pending && !job.cancel->canceled() &&
				  found != entries_.end() && found->second.generation == job.generation;
			if (publish) {
				found->second.state = outcome.state;
				found->second.image = std::move(outcome.image);
			}
		}
		if (publish)
			on_ready_(job.path);
	}
}

} // namespace adiff
