// Progress from lucataco/animate-diff's real log text: seed, denoising step, decoded frames.
#include "core/generation/log_progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace adiff {
namespace {

std::string bar(int done, int total)
{
	const int width = 10;
	const int filled = done * width / total;
	std::string blocks;
	for (int i = 0; i < filled; ++i)
		blocks += "█";
	blocks += std::string(size_t(width - filled), ' ');
	char line[200];
	std::snprintf(line, sizeof(line), "%3d%%|%s| %d/%d [00:%02d<00:04,  3.1it/s]", done * 100 / total,
		      blocks.c_str(), done, total, done / 3);
	return line;
}

std::string header(long long seed)
{
	return "Using seed: " + std::to_string(seed) + "\nsampling: neon city at night ...\n";
}

std::string denoise(int upto, int steps)
{
	std::string logs;
	for (int k = 0; k <= upto; ++k)
		logs += bar(k, steps) + "\n";
	return logs;
}

TEST(LogProgress, NothingYet)
{
	LogProgress p = scan_logs("", 25);
	EXPECT_EQ(p.steps, 0);
	EXPECT_EQ(p.frames, 0);
	EXPECT_EQ(p.logged_seed, -1);
}

TEST(LogProgress, SeedAndDenoisingStep)
{
	LogProgress p = scan_logs(header(255224557) + denoise(10, 25), 25);
	EXPECT_EQ(p.logged_seed, 255224557);
	EXPECT_EQ(p.step, 10);
	EXPECT_EQ(p.steps, 25);
	EXPECT_EQ(p.frames, 0);
}

TEST(LogProgress, SecondBarIsDecodingFrames)
{
	std::string logs = header(255224557) + denoise(25, 25) + denoise(8, 16);
	LogProgress p = scan_logs(logs, 25);
	EXPECT_EQ(p.step, 25);
	EXPECT_EQ(p.steps, 25);
	EXPECT_EQ(p.frame, 8);
	EXPECT_EQ(p.frames, 16);
}

TEST(LogProgress, FfmpegAndSavedLinesAfterTheBarsChangeNothing)
{
	std::string logs =
		header(42) + denoise(25, 25) + denoise(16, 16) +
		"ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers\n"
		"Input #0, gif, from 'out.gif':\n"
		"  Duration: 00:00:02.00, start: 0.000000, bitrate: 2622 kb/s\n"
		"frame=   16 fps=0.0 q=-1.0 Lsize=     180kB time=00:00:01.75 bitrate= 842.2kbits/s speed=12.3x\n"
		"saved to file\n";
	LogProgress p = scan_logs(logs, 25);
	EXPECT_EQ(p.step, 25);
	EXPECT_EQ(p.frame, 16);
	EXPECT_EQ(p.frames, 16);
	EXPECT_EQ(p.logged_seed, 42);
}

TEST(LogProgress, StepsEqualToFrameCountStillTellsTheBarsApart)
{
	LogProgress during = scan_logs(header(1) + denoise(12, 16), 16);
	EXPECT_EQ(during.step, 12);
	EXPECT_EQ(during.steps, 16);
	EXPECT_EQ(during.frames, 0);
	LogProgress decoding = scan_logs(header(1) + denoise(16, 16) + denoise(3, 16), 16);
	EXPECT_EQ(decoding.step, 16);
	EXPECT_EQ(decoding.frame, 3);
	EXPECT_EQ(decoding.frames, 16);
}

TEST(LogProgress, CarriageReturnRefreshesInOneLine)
{
	std::string logs = header(5) + "\r" + bar(1, 25) + "\r" + bar(2, 25) + "\r" + bar(3, 25);
	LogProgress p = scan_logs(logs, 25);
	EXPECT_EQ(p.step, 3);
	EXPECT_EQ(p.steps, 25);
}

TEST(LogProgress, PromptThatLooksLikeABarIsNotOne)
{
	// A prompt is printed after "sampling:"; the pattern requires the bar at the start of a line.
	LogProgress p = scan_logs("Using seed: 9\nsampling: 50%|xx| 3/4 cats\n", 25);
	EXPECT_EQ(p.steps, 0);
	EXPECT_EQ(p.logged_seed, 9);
}

} // namespace
} // namespace adiff
