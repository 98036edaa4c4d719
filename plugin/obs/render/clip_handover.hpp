// From the decode worker to the graphics thread: one slot for a newly decoded clip and one for the
// interpolated frames of a clip, each held under the lock only to move a pointer in or out. Also the
// events the player reports for both.
#pragma once

#include "obs/render/clip_load_event.hpp"
#include "obs/render/playing_clip.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace adiff {

ClipLoadEvent make_load_event(const std::string &path, const DecodeResult &result);
ClipLoadEvent make_smoothed_event(const std::string &path, const SmoothResult &result, int asked);
// The player's debug log line for an event (tests wait on these).
void log_event(const ClipLoadEvent &event);

class ClipHandover {
public:
	// Worker thread. A value still waiting is replaced (it was never uploaded: no textures to free).
	void put_clip(std::unique_ptr<PlayingClip> clip);
	void put_smooth(uint64_t id, std::unique_ptr<FrameSet> frames);
	// Graphics thread: anything waiting? (no lock)
	bool pending() const
	{
		return clip_flag_.load(std::memory_order_acquire) || smooth_flag_.load(std::memory_order_acquire);
	}
	void take(std::unique_ptr<PlayingClip> *clip, std::unique_ptr<FrameSet> *smooth, uint64_t *smooth_id);
	void destroy(); // graphics context required; at shutdown, after the worker is joined

private:
	std::mutex mutex_;
	std::unique_ptr<PlayingClip> clip_;
	std::unique_ptr<FrameSet> smooth_;
	uint64_t smooth_id_ = 0;
	std::atomic<bool> clip_flag_{false}, smooth_flag_{false};
};

} // namespace adiff
