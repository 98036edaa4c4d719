#include "fake_replicate/prediction_logs.hpp"

#include <algorithm>
#include <cstdio>

namespace adiff::test {
namespace {

std::string clock_text(double seconds)
{
	int s = int(seconds + 0.5);
	char buffer[16];
	snprintf(buffer, sizeof(buffer), "%02d:%02d", s / 60, s % 60);
	return buffer;
}

// Every refresh of a bar from 0 up to `done` is its own line, as Replicate captures tqdm's output.
void append_bar(std::string &logs, int done, int total, double seconds_per_item)
{
	for (int k = 0; k <= done; ++k)
		logs += tqdm_line(k, total, seconds_per_item) + "\n";
}

constexpr int kFrames = 16;
// Shares of the processing time: denoising, then decoding frames, then writing the file.
constexpr double kDenoiseShare = 0.6;
constexpr double kDecodeShare = 0.2;

} // namespace

std::string tqdm_line(int done, int total, double seconds_per_item)
{
	int percent = total > 0 ? done * 100 / total : 0;
	int filled = total > 0 ? done * 10 / total : 0;
	std::string bar;
	for (int i = 0; i < 10; ++i)
		bar += i < filled ? "\u2588" : " ";
	double elapsed = done * seconds_per_item;
	double remaining = (total - done) * seconds_per_item;
	char rate[32];
	if (done == 0)
		snprintf(rate, sizeof(rate), "?it/s");
	else
		snprintf(rate, sizeof(rate), "%5.2fit/s", 1.0 / seconds_per_item);
	char line[256];
	snprintf(line, sizeof(line), "%3d%%|%s| %d/%d [%s<%s, %s]", percent, bar.c_str(), done, total,
		 clock_text(elapsed).c_str(), done == 0 ? "?" : clock_text(remaining).c_str(), rate);
	return line;
}

std::string animate_diff_logs(int64_t seed, const std::string &prompt, int steps, double fraction)
{
	fraction = std::clamp(fraction, 0.0, 1.0);
	std::string logs = "Using seed: " + std::to_string(seed) + "\n";
	logs += "sampling: " + prompt + " ...\n";
	double denoise = std::min(1.0, fraction / kDenoiseShare);
	append_bar(logs, int(denoise * steps), steps, 0.32);
	if (fraction < kDenoiseShare)
		return logs;
	double decode = std::min(1.0, (fraction - kDenoiseShare) / kDecodeShare);
	append_bar(logs, int(decode * kFrames), kFrames, 0.05);
	if (fraction < kDenoiseShare + kDecodeShare)
		return logs;
	logs += "ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers\n"
		"Input #0, gif, from 'output.gif':\n"
		"  Duration: 00:00:02.00, start: 0.000000, bitrate: 2803 kb/s\n"
		"  Stream #0:0: Video: gif, bgra, 512x512, 8 fps, 8 tbr, 100 tbn\n"
		"Output #0, mp4, to 'out.mp4':\n"
		"  Stream #0:0: Video: h264 (avc1 / 0x31637661), yuv420p(tv, progressive), 512x512, q=2-31, 8 fps\n";
	if (fraction < 0.95)
		return logs;
	logs += "frame=   16 fps=0.0 q=-1.0 Lsize=     211kB time=00:00:01.75 bitrate= 987.4kbits/s speed=5.21x\n"
		"video:210kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: 0.412%\n"
		"saved to file out.mp4\n";
	return logs;
}

} // namespace adiff::test
