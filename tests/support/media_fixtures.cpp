#include "support/media_fixtures.hpp"

#include "support/temp_dir.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <stdexcept>

namespace adiff::test {

namespace {

std::string shell_quote(const std::string &arg)
{
	std::string quoted = "'";
	for (char c : arg) {
		if (c == '\'')
			quoted += "'\\''";
		else
			quoted += c;
	}
	return quoted + "'";
}

// Runs ffmpeg quietly (errors only), never reading stdin, overwriting the output.
void run_ffmpeg(const std::vector<std::string> &args, const std::string &stdout_path = "")
{
	require_ffmpeg();
	std::string command = "ffmpeg -nostdin -hide_banner -loglevel error -y";
	for (const std::string &arg : args)
		command += " " + shell_quote(arg);
	if (!stdout_path.empty())
		command += " > " + shell_quote(stdout_path);
	const int status = std::system(command.c_str());
	if (status != 0)
		throw std::runtime_error("ffmpeg failed (status " + std::to_string(status) + "): " + command);
}

// setpts expression putting frame N at the sum of the delays before it, in a 1/100 s time base.
std::string gif_pts_expression(const std::vector<int> &delays_cs)
{
	std::string expression = "0";
	int start = 0;
	for (size_t n = 1; n < delays_cs.size(); ++n) {
		start += delays_cs[n - 1];
		expression = "if(eq(N," + std::to_string(n) + ")," + std::to_string(start) + "," + expression + ")";
	}
	return "setpts='(" + expression + ")/100/TB'";
}

} // namespace

std::string to_string(Rgba colour)
{
	std::ostringstream out;
	out << "rgba(" << int(colour.r) << "," << int(colour.g) << "," << int(colour.b) << "," << int(colour.a) << ")";
	return out.str();
}

RgbaImage solid_image(int width, int height, Rgba colour)
{
	RgbaImage image(size_t(width) * height * 4);
	fill_rect(image, width, 0, 0, width, height, colour);
	return image;
}

void fill_rect(RgbaImage &image, int image_width, int x, int y, int w, int h, Rgba colour)
{
	for (int row = y; row < y + h; ++row) {
		for (int col = x; col < x + w; ++col) {
			uint8_t *pixel = &image[(size_t(row) * image_width + col) * 4];
			pixel[0] = colour.r;
			pixel[1] = colour.g;
			pixel[2] = colour.b;
			pixel[3] = colour.a;
		}
	}
}

void require_ffmpeg()
{
	static const bool available = std::system("ffmpeg -nostdin -hide_banner -version >/dev/null 2>&1") == 0;
	if (!available)
		throw std::runtime_error("the ffmpeg command-line tool is missing: the media tests make their clips "
					 "with it (apt-get install ffmpeg)");
}

void make_clip(const std::string &path, const std::vector<RgbaImage> &frames, const ClipSpec &spec)
{
	const size_t frame_bytes = size_t(spec.width) * spec.height * 4;
	std::string raw;
	raw.reserve(frame_bytes * frames.size());
	for (const RgbaImage &frame : frames) {
		if (frame.size() != frame_bytes)
			throw std::invalid_argument("make_clip: a frame is not width*height*4 bytes");
		raw.append(reinterpret_cast<const char *>(frame.data()), frame.size());
	}
	const std::string raw_path = path + ".rgba";
	write_file(raw_path, raw);

	const bool gif = spec.codec == ClipCodec::TransparentGif;
	if (gif && !spec.gif_delays_cs.empty() && spec.gif_delays_cs.size() != frames.size())
		throw std::invalid_argument("make_clip: one GIF delay per frame");
	const bool delays = gif && !spec.gif_delays_cs.empty();
	// Per-frame delays are placed on a 1/100 s input clock, which is the GIF's own unit.
	const int input_rate = delays ? 100 : spec.fps;
	std::vector<std::string> args = {"-f",       "rawvideo",
					 "-pix_fmt", "rgba",
					 "-s",       std::to_string(spec.width) + "x" + std::to_string(spec.height),
					 "-r",       std::to_string(input_rate),
					 "-i",       raw_path};
	switch (spec.codec) {
	case ClipCodec::H264Mp4:
		args.insert(args.end(), {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "12"});
		break;
	case ClipCodec::H264Yuv444Mp4:
		args.insert(args.end(), {"-c:v", "libx264", "-pix_fmt", "yuv444p", "-crf", "12"});
		break;
	case ClipCodec::H264StreamedMkv:
		args.insert(args.end(), {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "12"});
		break;
	case ClipCodec::Vp9AlphaWebm:
		args.insert(args.end(), {"-c:v", "libvpx-vp9", "-pix_fmt", "yuva420p", "-b:v", "0", "-crf", "15",
					 "-auto-alt-ref", "0", "-deadline", "realtime", "-cpu-used", "8"});
		break;
	case ClipCodec::TransparentGif: {
		// One palette with a reserved transparent entry; pixels with alpha < 128 map to it.
		std::string graph = "[0:v]";
		if (delays)
			graph += gif_pts_expression(spec.gif_delays_cs) + ",";
		graph += "split[a][b];[a]palettegen=reserve_transparent=1[p];[b][p]paletteuse=alpha_threshold=128";
		args.insert(args.end(), {"-filter_complex", graph, "-fps_mode", "passthrough"});
		if (delays)
			args.insert(args.end(), {"-final_delay", std::to_string(spec.gif_delays_cs.back())});
		break;
	}
	}
	if (spec.start_offset_seconds != 0)
		args.insert(args.end(), {"-output_ts_offset", std::to_string(spec.start_offset_seconds)});
	if (spec.codec == ClipCodec::H264StreamedMkv)
		args.insert(args.end(), {"-f", "matroska", "pipe:1"}); // run_ffmpeg sends stdout to path
	else
		args.push_back(path);
	try {
		run_ffmpeg(args, spec.codec == ClipCodec::H264StreamedMkv ? path : "");
	} catch (...) {
		std::remove(raw_path.c_str());
		throw;
	}
	std::remove(raw_path.c_str());
}

void make_colour_clip(const std::string &path, const std::vector<Rgba> &colours, int fps, int width, int height,
		      ClipCodec codec)
{
	std::vector<RgbaImage> frames;
	for (const Rgba &colour : colours)
		frames.push_back(solid_image(width, height, colour));
	ClipSpec spec;
	spec.width = width;
	spec.height = height;
	spec.fps = fps;
	spec.codec = codec;
	make_clip(path, frames, spec);
}

std::vector<Rgba> model_like_colours()
{
	return {colour::red,       colour::green,     colour::blue,      colour::white,
		colour::grey,      colour::black,     colour::yellow,    colour::cyan,
		colour::magenta,   Rgba{128, 0, 0},   Rgba{0, 128, 0},   Rgba{0, 0, 128},
		Rgba{128, 128, 0}, Rgba{0, 128, 128}, Rgba{128, 0, 128}, Rgba{192, 192, 192}};
}

void make_model_like_mp4(const std::string &path)
{
	make_colour_clip(path, model_like_colours(), 8, 512, 512, ClipCodec::H264Mp4);
}

void make_benchmark_mp4(const std::string &path)
{
	run_ffmpeg({"-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=10", "-c:v", "libx264", "-pix_fmt",
		    "yuv420p", "-preset", "veryfast", path});
}

void make_audio_only_mp4(const std::string &path)
{
	run_ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", path});
}

void make_truncated_copy(const std::string &source, const std::string &path, double keep_fraction)
{
	const std::string bytes = read_file(source);
	if (bytes.empty())
		throw std::runtime_error("make_truncated_copy: cannot read " + source);
	write_file(path, bytes.substr(0, size_t(double(bytes.size()) * keep_fraction)));
}

void make_faststart_copy(const std::string &source, const std::string &path)
{
	run_ffmpeg({"-i", source, "-c", "copy", "-movflags", "+faststart", path});
}

void make_huge_screen_gif(const std::string &path, int screen_width, int screen_height, int frames)
{
	// GIF89a, written byte by byte because no encoder writes a screen larger than its pictures.
	auto le16 = [](int value) {
		return std::string{char(value & 0xff), char((value >> 8) & 0xff)};
	};
	std::string gif = "GIF89a" + le16(screen_width) + le16(screen_height);
	gif += std::string("\x80\x00\x00", 3);             // global colour table of 2 entries
	gif += std::string("\x00\x00\x00\xff\xff\xff", 6); // black, white
	for (int i = 0; i < frames; ++i) {
		gif += std::string("\x21\xf9\x04\x00\x0a\x00\x00\x00", 8);                    // 0.1 s per frame
		gif += "\x2c" + le16(0) + le16(0) + le16(1) + le16(1) + std::string(1, '\0'); // a 1x1 image
		gif += std::string("\x02\x02\x44\x01\x00", 5); // LZW: one pixel of colour 0
	}
	gif += "\x3b";
	write_file(path, gif);
}

void make_garbled_mp4(const std::string &source, const std::string &path, uint32_t seed)
{
	std::string bytes = read_file(source);
	const size_t type = bytes.find("mdat");
	if (type == std::string::npos || type < 4)
		throw std::runtime_error("make_garbled_mp4: no mdat box in " + source);
	// A box starts with its 32-bit big-endian size, which counts the 8 header bytes.
	const auto *header = reinterpret_cast<const unsigned char *>(&bytes[type - 4]);
	const size_t box_size = size_t(header[0]) << 24 | size_t(header[1]) << 16 | size_t(header[2]) << 8 | header[3];
	if (box_size < 8 || type - 4 + box_size > bytes.size())
		throw std::runtime_error("make_garbled_mp4: unexpected mdat size in " + source);
	std::mt19937 random(seed);
	for (size_t i = type + 4; i < type - 4 + box_size; ++i)
		bytes[i] = char(random() & 0xff);
	write_file(path, bytes);
}

void make_zero_byte_file(const std::string &path)
{
	write_file(path, "");
}

void make_random_bytes_file(const std::string &path, size_t size, uint32_t seed)
{
	std::mt19937 random(seed);
	std::string bytes(size, '\0');
	for (char &byte : bytes)
		byte = char(random() & 0xff);
	write_file(path, bytes);
}

void make_text_file(const std::string &path)
{
	write_file(path, "This is not a video.\nIt is a plain text file that someone saved with a video name.\n");
}

} // namespace adiff::test
