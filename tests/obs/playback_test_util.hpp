// Shared by the playback tests: one real libobs per test, the real "animatediff_source" made from settings,
// fixture clips of solid colours, and pixel reads of what the source draws.
#pragma once

#include "obs/obs_env.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <obs.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace adiff::test {

using namespace std::chrono_literals;

inline uint32_t rgba_of(Rgba colour)
{
	return (uint32_t(colour.r) << 24) | (uint32_t(colour.g) << 16) | (uint32_t(colour.b) << 8) | colour.a;
}

// H.264 yuv420p moves solid colours by a few steps per channel.
constexpr int kClipTolerance = 24;

struct SourceSettings {
	std::string clip_path;
	std::string loop_mode = "loop";
	int speed = 100;
	int crossfade_ms = 0;
	bool pause_when_hidden = false;
	// These tests check the clip's own frames; smoothing (default motion) is tested on its own.
	std::string smoothing = "off";
	int smooth_fps = 30;
};

class PlaybackTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		require_ffmpeg();
		ASSERT_TRUE(env_.ok()) << env_.error();
	}

	void TearDown() override
	{
		for (obs_source_t *source : sources_)
			obs_source_release(source);
		sources_.clear();
		EXPECT_EQ(env_.shutdown_and_count_leaks(), 0) << "libobs allocations left after obs_shutdown";
	}

public:
	obs_source_t *create_source(const SourceSettings &s)
	{
		obs_data_t *settings = obs_data_create();
		if (!s.clip_path.empty())
			obs_data_set_string(settings, "clip_path", s.clip_path.c_str());
		obs_data_set_string(settings, "loop_mode", s.loop_mode.c_str());
		obs_data_set_int(settings, "speed", s.speed);
		obs_data_set_int(settings, "crossfade_ms", s.crossfade_ms);
		obs_data_set_bool(settings, "pause_when_hidden", s.pause_when_hidden);
		obs_data_set_string(settings, "smoothing", s.smoothing.c_str());
		obs_data_set_int(settings, "smooth_fps", s.smooth_fps);
		obs_source_t *source = obs_source_create("animatediff_source", "playback test", settings, nullptr);
		obs_data_release(settings);
		if (source)
			sources_.push_back(source);
		return source;
	}

	static void set_clip_path(obs_source_t *source, const std::string &path)
	{
		obs_data_t *patch = obs_data_create();
		obs_data_set_string(patch, "clip_path", path.c_str());
		obs_source_update(source, patch);
		obs_data_release(patch);
	}

	static bool wait_for_size(obs_source_t *source, uint32_t width, uint32_t height)
	{
		return wait_until(
			[&] {
				return obs_source_get_width(source) == width && obs_source_get_height(source) == height;
			},
			10s);
	}

	// The colour the source draws at (x, y) when rendered alone at its own size.
	static uint32_t colour_at(obs_source_t *source, uint32_t x, uint32_t y)
	{
		Pixels pixels = render_source(source, obs_source_get_width(source), obs_source_get_height(source));
		if (pixels.empty() || x >= pixels.width || y >= pixels.height)
			return 0;
		return pixels.rgba_at(x, y);
	}

	static uint32_t centre_colour(obs_source_t *source)
	{
		return colour_at(source, obs_source_get_width(source) / 2, obs_source_get_height(source) / 2);
	}

	// Index of the colour in `palette` that `actual` is near, or -1.
	static int which(uint32_t actual, const std::vector<Rgba> &palette)
	{
		for (size_t i = 0; i < palette.size(); i++)
			if (colour_near(actual, rgba_of(palette[i]), kClipTolerance))
				return int(i);
		return -1;
	}

	// Waits until OBS has rendered `ms` milliseconds of video frames (a condition on frames, not a sleep).
	static bool wait_video_time(int64_t ms)
	{
		const uint64_t start = obs_get_video_frame_time();
		return wait_until([&] { return obs_get_video_frame_time() - start >= uint64_t(ms) * 1000000; }, 10s);
	}

protected:
	ObsEnv env_;
	TempDir dir_;
	std::vector<obs_source_t *> sources_;
};

// Collects log lines so a test can wait for the player's own events.
class LogCapture {
public:
	LogCapture() { base_set_log_handler(&LogCapture::handle, this); }
	~LogCapture() { base_set_log_handler(nullptr, nullptr); }

	bool contains(const std::string &needle)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		for (const std::string &line : lines_)
			if (line.find(needle) != std::string::npos)
				return true;
		return false;
	}

	int count(const std::string &needle)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return int(std::count_if(lines_.begin(), lines_.end(), [&](const std::string &line) {
			return line.find(needle) != std::string::npos;
		}));
	}

private:
	static void handle(int, const char *format, va_list args, void *param)
	{
		char buffer[4096];
		vsnprintf(buffer, sizeof(buffer), format, args);
		auto *self = static_cast<LogCapture *>(param);
		std::lock_guard<std::mutex> lock(self->mutex_);
		self->lines_.emplace_back(buffer);
	}

	std::mutex mutex_;
	std::vector<std::string> lines_;
};

} // namespace adiff::test
