// ClipPlayer: decode worker -> one-slot hand-over -> textures uploaded over a few ticks -> playback.
//
// render() runs its own techniques (default effect, crossfade effect, solid effect for the placeholder);
// the owning source is best registered with OBS_SOURCE_CUSTOM_DRAW so OBS does not begin its default
// technique around it (it still works inside it: nested techniques of other effects end cleanly).
#include "obs/render/clip_player.hpp"

#include "obs/render/clip_decode_worker.hpp"
#include "obs/render/clip_handover.hpp"
#include "obs/render/crossfade.hpp"
#include "obs/render/placeholder.hpp"
#include "obs/render/playing_clip.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/util/plugin_paths.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

namespace adiff {
namespace {

// Bytes of frames uploaded to the GPU per video tick, so a big clip never stalls a frame.
constexpr uint64_t kUploadBytesPerTick = 4ull << 20;

using Clip = PlayingClip;
using Releases = std::vector<std::shared_ptr<const DecodedClip>>;

} // namespace

struct ClipPlayer::Impl {
	LoadedFn on_loaded;

	// Options, written by any thread, read by tick.
	std::atomic<int> loop_mode{int(LoopMode::Loop)};
	std::atomic<int> speed_percent{100};
	std::atomic<int> crossfade_ms{500};
	std::atomic<bool> pause_when_hidden{true};
	std::atomic<uint64_t> memory_budget_bytes{512ull << 20};
	std::atomic<int> smoothing{int(SmoothingMode::Motion)};

	// Media controls, written by any thread, applied by tick.
	std::atomic<bool> paused{false};
	std::atomic<bool> stopped{false};
	std::atomic<int64_t> seek_request_us{-1}; // -1 = none

	// Published by the graphics thread for any thread to read.
	std::atomic<bool> has_clip{false};
	std::atomic<uint32_t> width{kPlaceholderSize}, height{kPlaceholderSize};
	std::atomic<int64_t> duration_us{0};
	std::atomic<int64_t> time_us{0};
	std::atomic<bool> showing_smoothed{false};
	std::atomic<int> smoothed_fps{0};
	std::atomic<bool> smoothed_reduced{false};
	mutable std::mutex path_mutex; // guards shown_path only (a string copy)
	std::string shown_path;

	ClipHandover handover; // from the worker

	// Graphics thread only.
	std::unique_ptr<Clip> uploading; // textures going up; not shown yet
	std::unique_ptr<Clip> current;   // showing (fading in while `previous` exists)
	std::unique_ptr<Clip> previous;  // fading out
	float fade_elapsed_s = 0.0f, fade_total_s = 0.0f;
	CrossfadeEffect crossfade;

	// Last member: the worker is joined first on destruction, before anything it calls back into.
	ClipDecodeWorker worker;

	explicit Impl(LoadedFn fn)
		: on_loaded(std::move(fn)),
		  worker([this](const std::string &path, uint64_t id,
				DecodeResult result) { on_decoded(path, id, std::move(result)); },
			 [this](const std::string &path, uint64_t id, SmoothResult result, int asked) {
				 on_smoothed(path, id, std::move(result), asked);
			 },
			 clip_dir())
	{
	}

	~Impl()
	{
		// The worker member is destroyed (joined) first; free the textures in one graphics section.
		obs_enter_graphics();
		handover.destroy();
		for (std::unique_ptr<Clip> *clip : {&uploading, &current, &previous})
			if (*clip)
				(*clip)->destroy();
		obs_leave_graphics();
	}

	void on_decoded(const std::string &path, uint64_t id, DecodeResult result)
	{
		const ClipLoadEvent event = make_load_event(path, result);
		if (event.ok())
			handover.put_clip(std::make_unique<Clip>(path, id, std::move(result.clip)));
		log_event(event);
		if (on_loaded)
			on_loaded(event);
	}

	void on_smoothed(const std::string &path, uint64_t id, SmoothResult result, int asked)
	{
		const ClipLoadEvent event = make_smoothed_event(path, result, asked);
		if (result.ok()) {
			auto set = std::make_unique<FrameSet>(std::move(result.clip), result.fps);
			set->reduced = result.reduced;
			handover.put_smooth(id, std::move(set));
		}
		log_event(event);
		if (on_loaded)
			on_loaded(event);
	}

	SmoothingMode smoothing_mode() const { return SmoothingMode(smoothing.load(std::memory_order_relaxed)); }

	LoopMode mode() const { return LoopMode(loop_mode.load(std::memory_order_relaxed)); }

	bool loading_work() const
	{
		if (handover.pending())
			return true;
		if (uploading || (previous && fade_elapsed_s >= fade_total_s))
			return true;
		return current &&
		       (current->smooth_pending || (current->smooth && smoothing_mode() != SmoothingMode::Motion));
	}

	// Takes what the worker handed over: a newer clip supersedes one still going up; interpolated frames
	// go to their own clip (and are freed if that clip is gone).
	void take_ready(std::unique_ptr<Clip> *dropped_upload, Releases *releases)
	{
		std::unique_ptr<Clip> taken;
		std::unique_ptr<FrameSet> smooth;
		uint64_t smooth_id = 0;
		if (handover.pending())
			handover.take(&taken, &smooth, &smooth_id);
		if (taken) {
			*dropped_upload = std::move(uploading);
			uploading = std::move(taken);
		}
		if (!smooth)
			return;
		Clip *owner = uploading && uploading->id == smooth_id ? uploading.get()
			      : current && current->id == smooth_id   ? current.get()
								      : nullptr;
		if (!owner || smoothing_mode() != SmoothingMode::Motion) {
			releases->push_back(std::move(smooth->frames)); // never uploaded: no textures
			return;
		}
		if (owner->smooth_pending) {
			owner->smooth_pending->textures.destroy();
			releases->push_back(std::move(owner->smooth_pending->frames));
		}
		owner->smooth_pending = std::move(smooth);
	}

	// Graphics context held: the new clip's plain frames first; when all are up it starts showing.
	void upload_plain(std::unique_ptr<Clip> *dropped_current, std::unique_ptr<Clip> *dropped_previous,
			  Releases *releases)
	{
		if (!uploading->plain.textures.upload_some(*uploading->plain.frames, kUploadBytesPerTick))
			return;
		releases->push_back(std::move(uploading->plain.frames)); // all on the GPU: free the CPU copy
		const int fade_ms = crossfade_ms.load(std::memory_order_relaxed);
		if (current && fade_ms > 0) {
			*dropped_previous = std::move(previous); // a fade still running ends abruptly
			previous = std::move(current);
			fade_elapsed_s = 0.0f;
			fade_total_s = float(fade_ms) / 1000.0f;
		} else {
			*dropped_current = std::move(current);
			*dropped_previous = std::move(previous);
		}
		current = std::move(uploading);
		current->clock.set_paused(paused.load());
		publish_clip();
	}

	// Graphics thread: take a newly decoded clip, upload some of it, switch when complete; then the same
	// for interpolated frames of the clip showing (they replace its plain frames on the same clock).
	void advance_loading()
	{
		if (!loading_work())
			return;
		std::unique_ptr<Clip> dropped_upload, dropped_current, dropped_previous;
		Releases releases;
		take_ready(&dropped_upload, &releases);
		obs_enter_graphics();
		if (uploading)
			upload_plain(&dropped_current, &dropped_previous, &releases);
		else if (previous && fade_elapsed_s >= fade_total_s)
			dropped_previous = std::move(previous);
		if (current && smoothing_mode() != SmoothingMode::Motion)
			releases.push_back(current->drop_smooth()); // blend/off: free the GPU memory
		else if (current && !uploading)
			releases.push_back(current->upload_smooth(kUploadBytesPerTick));
		for (std::unique_ptr<Clip> *clip : {&dropped_upload, &dropped_current, &dropped_previous})
			if (*clip)
				releases.push_back((*clip)->destroy());
		// Before the graphics lock is released: a render in between must find textures that exist
		// (a new clip, or interpolated frames that replaced or dropped others).
		if (current)
			current->select_frames(mode(), smoothing_mode());
		obs_leave_graphics();
		// Frames are freed on the worker; the unique_ptrs free their texture-less clips here.
		for (std::shared_ptr<const DecodedClip> &frames : releases)
			if (frames)
				worker.release(std::move(frames));
	}

	void publish_clip()
	{
		width.store(current->width);
		height.store(current->height);
		duration_us.store(current->plain.timeline.duration_us());
		time_us.store(0);
		{
			std::lock_guard<std::mutex> lock(path_mutex);
			shown_path = current->path; // once per clip, not per frame
		}
		has_clip.store(true);
	}

	void tick(float seconds, bool showing)
	{
		advance_loading();
		if (previous)
			fade_elapsed_s += seconds;
		if (!current)
			return;

		const int64_t seek = seek_request_us.exchange(-1);
		if (seek >= 0)
			current->clock.seek(seek);
		const bool hold = paused.load() || (pause_when_hidden.load() && !showing);
		const uint64_t dt_ns = seconds > 0.0f ? uint64_t(double(seconds) * 1e9) : 0;
		const int speed = std::clamp(speed_percent.load(), 10, 400);
		const LoopMode loop = mode();
		const SmoothingMode smoothing = smoothing_mode();
		for (Clip *clip : {current.get(), previous.get()}) {
			if (!clip)
				continue;
			clip->clock.set_paused(hold);
			clip->clock.advance(dt_ns, speed);
			clip->select_frames(loop, smoothing);
		}
		time_us.store(current->plain.timeline.media_time_us(current->clock.position_us(), loop));
		publish_smoothing();
	}

	void render()
	{
		// Frames are drawn as stored (no sRGB conversion either way), so a clip's bytes reach the canvas
		// unchanged whether or not OBS renders this source in linear space.
		const bool previous_srgb = gs_framebuffer_srgb_enabled();
		gs_enable_framebuffer_srgb(false);
		draw();
		gs_enable_framebuffer_srgb(previous_srgb);
	}

	void draw()
	{
		if (!current) {
			draw_placeholder();
			return;
		}
		if (previous && fade_total_s > 0.0f) {
			// Between two clips each shows its nearest frame: a fade mixes two pictures, not four.
			const float opacity = std::clamp(fade_elapsed_s / fade_total_s, 0.0f, 1.0f);
			if (crossfade.draw(previous->nearest(), current->nearest(), opacity, current->width,
					   current->height))
				return;
		}
		current->draw(crossfade);
	}

	void publish_smoothing()
	{
		showing_smoothed.store(current->shown.smoothed, std::memory_order_relaxed);
		smoothed_fps.store(current->smooth ? current->smooth->fps : 0, std::memory_order_relaxed);
		smoothed_reduced.store(current->smooth && current->smooth->reduced, std::memory_order_relaxed);
	}
};

ClipPlayer::ClipPlayer(LoadedFn on_loaded) : impl_(std::make_unique<Impl>(std::move(on_loaded))) {}

ClipPlayer::~ClipPlayer() = default;

void ClipPlayer::set_options(const PlaybackOptions &options)
{
	impl_->loop_mode.store(int(options.loop_mode));
	impl_->speed_percent.store(std::clamp(options.speed_percent, 10, 400));
	impl_->crossfade_ms.store(std::clamp(options.crossfade_ms, 0, 5000));
	impl_->pause_when_hidden.store(options.pause_when_hidden);
	impl_->memory_budget_bytes.store(options.memory_budget_bytes);
	impl_->smoothing.store(int(options.smoothing));
	SmoothParams params;
	params.mode = options.smoothing;
	params.fps = playback_range::kSmoothFps.clamp(options.smooth_fps);
	params.wrap = options.loop_mode == LoopMode::Loop;
	impl_->worker.set_smoothing(params);
}

void ClipPlayer::load(const std::string &path)
{
	impl_->worker.request(path, impl_->memory_budget_bytes.load());
}

void ClipPlayer::tick(float seconds, bool showing)
{
	impl_->tick(seconds, showing);
}

void ClipPlayer::render()
{
	impl_->render();
}

SmoothingState ClipPlayer::smoothing_state() const
{
	SmoothingState state;
	state.mode = impl_->smoothing_mode();
	state.fps = impl_->smoothed_fps.load();
	state.reduced = impl_->smoothed_reduced.load();
	state.smoothed = state.mode == SmoothingMode::Blend ? impl_->has_clip.load() : impl_->showing_smoothed.load();
	return state;
}

uint32_t ClipPlayer::width() const
{
	return impl_->width.load();
}

uint32_t ClipPlayer::height() const
{
	return impl_->height.load();
}

bool ClipPlayer::has_clip() const
{
	return impl_->has_clip.load();
}

std::string ClipPlayer::current_path() const
{
	std::lock_guard<std::mutex> lock(impl_->path_mutex);
	return impl_->shown_path;
}

void ClipPlayer::play_pause(bool pause)
{
	impl_->paused.store(pause);
	if (!pause)
		impl_->stopped.store(false);
}

void ClipPlayer::restart()
{
	impl_->seek_request_us.store(0);
	impl_->stopped.store(false);
	impl_->paused.store(false);
}

void ClipPlayer::stop()
{
	impl_->paused.store(true);
	impl_->stopped.store(true);
	impl_->seek_request_us.store(0);
}

void ClipPlayer::set_time_ms(int64_t ms)
{
	impl_->seek_request_us.store(std::max<int64_t>(0, ms) * 1000);
}

int64_t ClipPlayer::duration_ms() const
{
	return impl_->duration_us.load() / 1000;
}

int64_t ClipPlayer::time_ms() const
{
	return impl_->time_us.load() / 1000;
}

enum obs_media_state ClipPlayer::media_state() const
{
	if (!impl_->has_clip.load())
		return OBS_MEDIA_STATE_NONE;
	if (impl_->stopped.load())
		return OBS_MEDIA_STATE_STOPPED;
	return impl_->paused.load() ? OBS_MEDIA_STATE_PAUSED : OBS_MEDIA_STATE_PLAYING;
}

} // namespace adiff
