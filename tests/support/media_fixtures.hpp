// Test clips made at test time with the ffmpeg command-line tool (Debian's ffmpeg package), so no binary
// fixtures live in the repository. Every maker throws std::runtime_error with a readable reason on failure
// (for example when ffmpeg is not installed), which GoogleTest reports as the test's failure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace adiff::test {

struct Rgba {
	uint8_t r = 0, g = 0, b = 0, a = 255;
};

// Colours that survive yuv420p and H.264 within a few steps per channel.
namespace colour {
constexpr Rgba red{255, 0, 0}, green{0, 255, 0}, blue{0, 0, 255}, white{255, 255, 255}, grey{128, 128, 128},
	black{0, 0, 0}, yellow{255, 255, 0}, cyan{0, 255, 255}, magenta{255, 0, 255}, transparent{0, 0, 0, 0};
} // namespace colour

std::string to_string(Rgba colour);

// One picture: width*height*4 bytes of RGBA, top row first.
using RgbaImage = std::vector<uint8_t>;
RgbaImage solid_image(int width, int height, Rgba colour);
void fill_rect(RgbaImage &image, int image_width, int x, int y, int w, int h, Rgba colour);

enum class ClipCodec {
	H264Mp4,        // libx264 yuv420p in .mp4, like the model's output
	H264Yuv444Mp4,  // libx264 yuv444p in .mp4 (any size, even odd ones)
	Vp9AlphaWebm,   // libvpx-vp9 yuva420p in .webm (alpha_mode=1)
	TransparentGif, // palette GIF; alpha < 128 becomes the transparent index
	// H.264 in Matroska written as a stream (to a pipe): no duration and no frame count in the file, so a
	// decoder cannot know the length in advance.
	H264StreamedMkv,
};

struct ClipSpec {
	int width = 0, height = 0;
	int fps = 8;
	ClipCodec codec = ClipCodec::H264Mp4;
	std::vector<int> gif_delays_cs;  // TransparentGif: each frame's delay in 1/100 s (replaces fps)
	double start_offset_seconds = 0; // a container start time other than 0 (-output_ts_offset)
};

// Fails the calling test with a clear message when the ffmpeg CLI is missing.
void require_ffmpeg();

// Encodes the given pictures (each spec.width*spec.height*4 bytes) into path.
void make_clip(const std::string &path, const std::vector<RgbaImage> &frames, const ClipSpec &spec);
// A clip whose frame k is a solid colours[k]; reused by the libobs tests.
void make_colour_clip(const std::string &path, const std::vector<Rgba> &colours, int fps, int width, int height,
		      ClipCodec codec = ClipCodec::H264Mp4);

// The 16 distinct colours of model_like_mp4, frame k = colours[k].
std::vector<Rgba> model_like_colours();
// 16 frames, 512x512, 8 fps, H.264 yuv420p mp4: the shape of lucataco/animate-diff's output.
void make_model_like_mp4(const std::string &path);
// 10 s of 1920x1080 at 30 fps H.264 (testsrc2 pattern), for the benchmark; slow to make, not for unit tests.
void make_benchmark_mp4(const std::string &path);
// One second of a sine tone in AAC inside .mp4: no video stream at all.
void make_audio_only_mp4(const std::string &path);

// Broken inputs.
void make_truncated_copy(const std::string &source, const std::string &path, double keep_fraction);
// A copy of an mp4 whose index (moov) is intact but whose picture data (the mdat box) is random bytes.
void make_garbled_mp4(const std::string &source, const std::string &path, uint32_t seed);
void make_zero_byte_file(const std::string &path);
// The same clip with its index (moov) first, as web hosts serve MP4s: a truncated copy of it still opens
// (a valid header) but misses picture data.
void make_faststart_copy(const std::string &source, const std::string &path);
// A GIF whose logical screen claims screen_width x screen_height while each of its `frames` images is a
// single pixel: tiny on disk, gigabytes for a decoder that trusts the screen size.
void make_huge_screen_gif(const std::string &path, int screen_width, int screen_height, int frames);
void make_random_bytes_file(const std::string &path, size_t size, uint32_t seed);
void make_text_file(const std::string &path); // plain text, whatever the file's extension says

} // namespace adiff::test
