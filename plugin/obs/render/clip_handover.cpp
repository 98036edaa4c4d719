#include "obs/render/clip_handover.hpp"

#include "obs/util/plugin_log.hpp"

namespace adiff {

ClipLoadEvent make_load_event(const std::string &path, const DecodeResult &result)
{
	ClipLoadEvent event;
	event.path = path;
	event.error = result.error;
	event.detail = result.detail;
	if (result.error == DecodeError::None && !result.clip)
		event.error = DecodeError::Empty;
	if (const DecodedClip *clip = result.clip.get()) {
		event.width = clip->width;
		event.height = clip->height;
		event.frames = int(clip->frames.size());
		event.source_width = clip->source_width;
		event.source_height = clip->source_height;
		event.duration_us = clip->duration_us;
		event.downscaled = clip->downscaled;
	}
	return event;
}

ClipLoadEvent make_smoothed_event(const std::string &path, const SmoothResult &result, int asked)
{
	ClipLoadEvent event;
	event.kind = ClipLoadEvent::Kind::Smoothed;
	event.path = path;
	event.smooth_error = result.error;
	event.smooth_detail = result.detail;
	event.smooth_fps = result.fps;
	event.smooth_fps_asked = asked;
	event.smooth_reduced = result.reduced;
	event.smooth_cached = result.from_cache;
	if (const DecodedClip *clip = result.clip.get()) {
		event.width = clip->width;
		event.height = clip->height;
		event.frames = int(clip->frames.size());
		event.duration_us = clip->duration_us;
	}
	return event;
}

void log_event(const ClipLoadEvent &event)
{
	const char *path = event.path.c_str();
	if (event.kind == ClipLoadEvent::Kind::Smoothed) {
		if (event.smooth_error == SmoothError::None)
			adiff_log(LOG_DEBUG, "clip smoothed: %s (%d frames at %d fps%s%s)", path, event.frames,
				  event.smooth_fps, event.smooth_reduced ? ", reduced to fit the memory budget" : "",
				  event.smooth_cached ? ", kept from an earlier run" : "");
		else
			adiff_log(LOG_DEBUG, "clip not smoothed: %s: %s (%s); blending instead", path,
				  smooth_error_id(event.smooth_error), event.smooth_detail.c_str());
	} else if (event.ok()) {
		adiff_log(LOG_DEBUG, "clip decoded: %s (%dx%d, %d frames, %.2f s%s)", path, event.width, event.height,
			  event.frames, double(event.duration_us) / 1e6,
			  event.downscaled ? ", scaled down to fit the memory budget" : "");
	} else if (event.error != DecodeError::Canceled) {
		// The owner reports failures to the user; this line is for debugging (and tests wait on it).
		adiff_log(LOG_DEBUG, "clip decode failed: %s: %s (%s); keeping the current clip", path,
			  decode_error_id(event.error), event.detail.c_str());
	}
}

void ClipHandover::put_clip(std::unique_ptr<PlayingClip> clip)
{
	std::lock_guard<std::mutex> lock(mutex_);
	clip_.swap(clip); // the superseded one is freed after the lock, below
	clip_flag_.store(true, std::memory_order_release);
}

void ClipHandover::put_smooth(uint64_t id, std::unique_ptr<FrameSet> frames)
{
	std::lock_guard<std::mutex> lock(mutex_);
	smooth_.swap(frames);
	smooth_id_ = id;
	smooth_flag_.store(true, std::memory_order_release);
}

void ClipHandover::take(std::unique_ptr<PlayingClip> *clip, std::unique_ptr<FrameSet> *smooth, uint64_t *smooth_id)
{
	std::lock_guard<std::mutex> lock(mutex_);
	*clip = std::move(clip_);
	*smooth = std::move(smooth_);
	*smooth_id = smooth_id_;
	clip_flag_.store(false, std::memory_order_relaxed);
	smooth_flag_.store(false, std::memory_order_relaxed);
}

void ClipHandover::destroy()
{
	if (clip_)
		clip_->destroy();
	if (smooth_)
		smooth_->textures.destroy();
}

} // namespace adiff
