// What decoding a clip gives (frames and their durations, or an error) and the limits it is asked to keep,
// apart from the decoder itself so the decoder's helpers can use them without including it.
#pragma once

#include "core/net/cancel_flag.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace adiff {

struct DecodedClip {
	int width = 0, height = 0;               // size of the frames below (after any downscale)
	int source_width = 0, source_height = 0; // size in the file
	bool downscaled = false;                 // scaled down to fit the memory budget
	bool has_alpha = false;
	std::vector<std::vector<uint8_t>> frames; // each width*height*4 bytes, RGBA, top row first
	std::vector<int64_t> durations_us;        // display duration of each frame (> 0)
	int64_t duration_us = 0;                  // sum of durations_us
	uint64_t bytes() const { return uint64_t(width) * height * 4 * frames.size(); }
};

enum class DecodeError {
	None,
	NotFound,    // the file does not exist
	OpenFailed,  // not a media file / unreadable container
	NoVideo,     // no video stream (e.g. audio only)
	Unsupported, // no decoder for the codec
	Corrupt,     // decoding failed before any frame came out
	Empty,       // zero frames
	Canceled,
	TooLarge, // frames larger than DecodeOptions allows: refused before any frame is decoded
	Damaged,  // verify_clip only: a frame or packet failed, or fewer frames than the file declares
};

const char *decode_error_id(DecodeError error);

struct DecodeResult {
	DecodeError error = DecodeError::None;
	std::string detail; // libav's message, for the log
	std::shared_ptr<const DecodedClip> clip;
	bool ok() const { return error == DecodeError::None && clip; }
};

// A hostile file can declare a picture of any size (a 49 KB GIF can claim 16000x16000, a gigabyte per
// frame): refuse anything larger than these before decoding a single frame.
constexpr int kMaxFrameSide = 4096;
constexpr int64_t kMaxFramePixels = int64_t(4096) * 4096; // 16 MP

struct DecodeOptions {
	uint64_t memory_budget_bytes = 512ull << 20; // frames larger than this in total are scaled down
	const CancelFlag *cancel = nullptr;
	int max_frame_side = kMaxFrameSide;
	int64_t max_frame_pixels = kMaxFramePixels;
	// decode_clip stops reading once it has this many frames (0: every frame). 1 is a thumbnail's first
	// frame: the rest of the file is never read, and the memory budget is for that one frame.
	uint64_t max_frames = 0;
};

} // namespace adiff
