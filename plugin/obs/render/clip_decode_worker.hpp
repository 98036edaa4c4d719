// The thread that decodes clips for a ClipPlayer and then, with motion smoothing on, interpolates them:
// one job at a time, a newer load cancels the one running (decode or interpolation). The lock is held only
// to hand over a job, never while decoding. It runs at a lower CPU priority (inherited by libavcodec's own
// threads) so OBS's graphics and encoder threads come first.
#pragma once

#include "core/media/decoder.hpp"
#include "core/media/frame_interpolator.hpp"
#include "core/media/playback_options.hpp"
#include "core/net/cancel_flag.hpp"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace adiff {

// What the interpolation after a decode should make; read when it starts, so a change made while a clip
// decodes applies to it.
struct SmoothParams {
	SmoothingMode mode = SmoothingMode::Motion;
	int fps = 30;
	bool wrap = true; // loop mode
};

class ClipDecodeWorker {
public:
	// Called on the worker thread with every finished decode (ok, error, or Canceled when superseded),
	// except during shutdown. `id` names the load; its smoothed frames arrive later with the same id.
	using DoneFn = std::function<void(const std::string &path, uint64_t id, DecodeResult result)>;
	// Called on the worker thread when motion smoothing of load `id` ends (never when canceled).
	using SmoothedFn = std::function<void(const std::string &path, uint64_t id, SmoothResult result, int asked)>;

	// cache_dir: the clips folder; a clip of its own has its smoothed frames kept there (SmoothCompanion).
	ClipDecodeWorker(DoneFn done, SmoothedFn smoothed, std::string cache_dir = {});
	~ClipDecodeWorker(); // cancels the running job and joins
	ClipDecodeWorker(const ClipDecodeWorker &) = delete;
	ClipDecodeWorker &operator=(const ClipDecodeWorker &) = delete;

	uint64_t request(const std::string &path, uint64_t memory_budget_bytes);
	// New smoothing settings. If they call for new frames, the newest clip is interpolated again (a load
	// still decoding simply uses them); a running interpolation with the old settings is canceled.
	void set_smoothing(const SmoothParams &params);
	// Frees `frames` on the worker thread and gives the pages back to the OS there (any thread; only
	// moves a pointer under the lock), so the graphics thread never pays for freeing hundreds of MiB.
	void release(std::shared_ptr<const DecodedClip> frames);

private:
	struct Job {
		std::string path;
		uint64_t id = 0;
		uint64_t budget = 0;
		bool deliver_plain = true; // false: re-smoothing a clip already showing
	};
	enum class Phase { Idle, Decoding, Smoothing };

	void run();
	bool take_job(Job *job, std::shared_ptr<CancelFlag> *cancel);
	bool set_phase(Phase phase); // false when stopping
	void smooth(const Job &job, const DecodedClip &clip, const CancelFlag &cancel);

	DoneFn done_;
	SmoothedFn smoothed_;
	const std::string cache_dir_;
	std::mutex mutex_;
	std::condition_variable wake_;
	bool stopping_ = false;
	bool has_job_ = false;
	Job job_;     // the pending job
	Job last_ok_; // the newest clip decoded: what set_smoothing re-smooths
	uint64_t next_id_ = 1;
	SmoothParams params_;
	Phase phase_ = Phase::Idle;
	std::shared_ptr<const DecodedClip> to_release_;
	std::shared_ptr<CancelFlag> running_; // cancel flag of the job in progress, if any
	std::thread thread_;                  // last: starts after everything above exists
};

} // namespace adiff
