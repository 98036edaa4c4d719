// ClipPlayer: decode worker -> one-slot hand-over -> textures uploaded over a few ticks -> playback.
//
// render() runs its own techniques (default effect, crossfade effect, solid effect for the placeholder);
// the owning source is best registered with OBS_SOURCE_CUSTOM_DRAW so OBS does not begin its default
// technique around it (it still works inside it: nested techniques of other effects end cleanly).
#include "obs/render/clip_player.hpp"

#include "obs/render/clip_decode_worker.hpp"
#include "obs/render/crossfade.hpp"
#include "obs/render/frame_textures.hpp"
#include "obs/render/placeholder.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/render/technique_pass.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace adiff {
namespace {

// Bytes of frames uploaded to the GPU per video tick, so a big clip never stalls a frame.
constexpr uint64_t kUploadBytesPerTick = 4ull << 20;

// One clip on its way to (or on) the GPU. Built on the decode worker; then graphics thread only.
struct Clip {
	std::string path;
	std::shared_ptr<const DecodedClip> frames; // the CPU copy, dropped once every frame is uploaded
	FrameTextures textures;
	Timeline timeline;
	PlaybackClock clock;
	uint32_t width = 0, height = 0;
	size_t frame = 0; // frame showing now

	explicit Clip(const std::string &path_, std::shared_ptr<const DecodedClip> decoded)
	    : path(path_), frames(std::move(decoded)), textures(frames->frames.size()), timeline(frames->durations_us),
	      width(uint32_t(frames->width)), height(uint32_t(frames->height))
	{
	}
};

ClipLoadEvent make_event(const std::string &path, const DecodeResult &result)
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

void draw_texture(gs_texture_t *texture, uint32_t width, uint32_t height)
{
	gs_effect_t *effect = obs_get_base_effect(OBS_EFFECT_DEFAULT);
	gs_effect_set_texture(gs_effect_get_param_by_name(effect, "image"), texture);
	TechniquePass pass(effect, "Draw");
	gs_draw_sprite(texture, 0, width, height);
}

} // namespace

struct ClipPlayer::Impl {
	LoadedFn on_loaded;

	// Options, written by any thread, read by tick.
	std::atomic<int> loop_mode{int(LoopMode::Loop)};
	std::atomic<int> speed_percent{100};
	std::atomic<int> crossfade_ms{500};
	std::atomic<bool> pause_when_hidden{true};
	std::atomic<uint64_t> memory_budget_bytes{512ull << 20};

	// Media controls, written by any thread, applied by tick.
	std::atomic<bool> paused{false};
	std::atomic<bool> stopped{false};
	std::atomic<int64_t> seek_request_us{-1}; // -1 = none

	// Published by the graphics thread for any thread to read.
	std::atomic<bool> has_clip{false};
	std::atomic<uint32_t> width{kPlaceholderSize}, height{kPlaceholderSize};
	std::atomic<int64_t> duration_us{0};
	std::atomic<int64_t> time_us{0};
	mutable std::mutex path_mutex; // guards shown_path only (a string copy)
	std::string shown_path;

	// The hand-over slot from the worker: held only to move a pointer in or out.
	std::mutex ready_mutex;
	std::unique_ptr<Clip> ready;
	std::atomic<bool> ready_flag{false}; // lets tick skip the lock when nothing is waiting

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
	      worker([this](const std::string &path, DecodeResult result) { on_decoded(path, std::move(result)); })
	{
	}

	~Impl()
	{
		// The worker member is destroyed (joined) first; free the textures in one graphics section.
		obs_enter_graphics();
		for (std::unique_ptr<Clip> *clip : {&ready, &uploading, &current, &previous})
			if (*clip)
				(*clip)->textures.destroy();
		obs_leave_graphics();
	}

	void on_decoded(const std::string &path, DecodeResult result)
	{
		ClipLoadEvent event = make_event(path, result);
		if (event.ok()) {
			auto clip = std::make_unique<Clip>(path, std::move(result.clip));
			std::unique_ptr<Clip> superseded;
			{
				std::lock_guard<std::mutex> lock(ready_mutex);
				superseded = std::move(ready); // never uploaded: no textures to free
				ready = std::move(clip);
				ready_flag.store(true, std::memory_order_release);
			}
			adiff_log(LOG_DEBUG, "clip decoded: %s (%dx%d, %d frames, %.2f s%s)", path.c_str(), event.width,
				  event.height, event.frames, double(event.duration_us) / 1e6,
				  event.downscaled ? ", scaled down to fit the memory budget" : "");
		} else if (event.error != DecodeError::Canceled) {
			// The owner reports failures to the user; this line is for debugging (and tests wait on it).
			adiff_log(LOG_DEBUG, "clip decode failed: %s: %s (%s); keeping the current clip", path.c_str(),
				  decode_error_id(event.error), event.detail.c_str());
		}
		if (on_loaded)
			on_loaded(event);
	}

	LoopMode mode() const { return LoopMode(loop_mode.load(std::memory_order_relaxed)); }

	// Graphics thread: take a newly decoded clip, upload some of it, switch when complete.
	void advance_loading(float seconds)
	{
		bool fade_done = previous && fade_elapsed_s >= fade_total_s;
		if (!ready_flag.load(std::memory_order_acquire) && !uploading && !fade_done)
			return;

		std::unique_ptr<Clip> taken, dropped_upload, dropped_current, dropped_previous;
		if (ready_flag.load(std::memory_order_acquire)) {
			std::lock_guard<std::mutex> lock(ready_mutex);
			taken = std::move(ready);
			ready_flag.store(false, std::memory_order_relaxed);
		}
		if (taken) {
			dropped_upload = std::move(uploading); // a newer clip supersedes one still going up
			uploading = std::move(taken);
		}

		obs_enter_graphics();
		if (uploading && uploading->textures.upload_some(*uploading->frames, kUploadBytesPerTick)) {
			worker.release(std::move(uploading->frames)); // every frame is on the GPU: free the CPU copy
			const int fade_ms = crossfade_ms.load(std::memory_order_relaxed);
			if (current && fade_ms > 0) {
				dropped_previous = std::move(previous); // a fade still running ends abruptly
				previous = std::move(current);
				fade_elapsed_s = 0.0f;
				fade_total_s = float(fade_ms) / 1000.0f;
			} else {
				dropped_current = std::move(current);
				dropped_previous = std::move(previous);
			}
			current = std::move(uploading);
			current->clock.set_paused(paused.load());
			publish_clip();
		} else if (fade_done) {
			dropped_previous = std::move(previous);
		}
		for (std::unique_ptr<Clip> *clip : {&dropped_upload, &dropped_current, &dropped_previous})
			if (*clip)
				(*clip)->textures.destroy();
		obs_leave_graphics();
		// The unique_ptrs free their (now texture-less) clips here, outside the graphics lock.
	}

	void publish_clip()
	{
		width.store(current->width);
		height.store(current->height);
		duration_us.store(current->timeline.duration_us());
		time_us.store(0);
		{
			std::lock_guard<std::mutex> lock(path_mutex);
			shown_path = current->path; // once per clip, not per frame
		}
		has_clip.store(true);
	}

	// Media time reported to OBS: a position inside one forward pass.
	int64_t media_time(int64_t position_us) const
	{
		const int64_t duration = current->timeline.duration_us();
		if (duration <= 0)
			return 0;
		const int64_t cycle = current->timeline.cycle_us(mode());
		int64_t t = cycle > 0 ? position_us % cycle : 0;
		if (t >= duration) // ping-pong, coming back
			t = std::max<int64_t>(0, cycle - t);
		return t;
	}

	void tick(float seconds, bool showing)
	{
		advance_loading(seconds);
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
		for (Clip *clip : {current.get(), previous.get()}) {
			if (!clip)
				continue;
			clip->clock.set_paused(hold);
			clip->clock.advance(dt_ns, speed);
			clip->frame = clip->timeline.frame_at(clip->clock.position_us(), loop);
		}
		time_us.store(media_time(current->clock.position_us()));
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
		gs_texture_t *texture = current->textures.at(current->frame);
		if (previous && fade_total_s > 0.0f) {
			const float opacity = std::clamp(fade_elapsed_s / fade_total_s, 0.0f, 1.0f);
			if (crossfade.draw(previous->textures.at(previous->frame), texture, opacity, current->width,
					   current->height))
				return;
		}
		draw_texture(texture, current->width, current->height);
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
