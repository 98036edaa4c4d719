// One clip on its way to (or on) the GPU, with its plain frames and, with motion smoothing, its
// interpolated frames; and which of them to draw at the clip's clock. Built on the decode worker; then
// graphics thread only.
#pragma once

#include "core/media/decoder.hpp"
#include "core/media/playback_options.hpp"
#include "core/media/timeline.hpp"
#include "obs/render/frame_textures.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace adiff {

class CrossfadeEffect;

// One set of frames of a clip: the CPU copy until uploaded, the textures, and their timeline.
struct FrameSet {
	std::shared_ptr<const DecodedClip> frames; // dropped once every frame is uploaded
	FrameTextures textures;
	Timeline timeline;
	int fps = 0;          // interpolated sets: the rate made
	bool reduced = false; // interpolated sets: lower than asked, to fit the memory budget

	explicit FrameSet(std::shared_ptr<const DecodedClip> decoded, int fps_ = 0)
		: frames(std::move(decoded)),
		  textures(frames->frames.size()),
		  timeline(frames->durations_us),
		  fps(fps_)
	{
	}
};

// What draw() shows: two textures of one set and the mix between them (0 = `from` only).
struct ShownFrames {
	gs_texture_t *from = nullptr, *to = nullptr;
	float amount = 0.0f;
	bool smoothed = false; // from the interpolated set
};

struct PlayingClip {
	std::string path;
	uint64_t id = 0; // the worker's load id; interpolated frames come back with it
	FrameSet plain;
	std::unique_ptr<FrameSet> smooth;         // interpolated frames on the GPU, shown in motion mode
	std::unique_ptr<FrameSet> smooth_pending; // newer interpolated frames still going up
	PlaybackClock clock;
	uint32_t width = 0, height = 0;
	ShownFrames shown;

	PlayingClip(const std::string &path_, uint64_t id_, std::shared_ptr<const DecodedClip> decoded)
		: path(path_),
		  id(id_),
		  plain(std::move(decoded)),
		  width(uint32_t(plain.frames->width)),
		  height(uint32_t(plain.frames->height))
	{
	}

	// Graphics thread: what to show at the clock's position. Off: the frame at that time, as always.
	// Blend: the two plain frames around the clip's content time, mixed. Motion: the interpolated frames
	// once all are on the GPU (blend until then) — the same content time, so the swap never jumps.
	void select_frames(LoopMode loop, SmoothingMode smoothing);
	// Graphics context required. Draws `shown` (mixing with `blend` when needed) at the clip's size.
	void draw(CrossfadeEffect &blend) const;
	// The single texture closest to what draw() shows, for the crossfade between two clips.
	gs_texture_t *nearest() const { return shown.amount < 0.5f ? shown.from : shown.to; }
	// Graphics context required. Uploads some of the newest interpolated frames; when all are up they
	// replace the older ones. Returns the CPU copy that is no longer needed (or null).
	std::shared_ptr<const DecodedClip> upload_smooth(uint64_t byte_budget);
	// Graphics context required: frees the interpolated textures; returns a CPU copy still held (or null)
	// for the caller to free off the graphics thread.
	std::shared_ptr<const DecodedClip> drop_smooth();
	std::shared_ptr<const DecodedClip> destroy(); // every texture; same return as drop_smooth
};

// Graphics context required: draws one texture with OBS's default effect.
void draw_texture(gs_texture_t *texture, uint32_t width, uint32_t height);

} // namespace adiff
