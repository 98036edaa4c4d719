// Helpers of adiff_bench (see adiff_bench.cpp): a libobs instance with our module and OBS's Media Source,
// frame timers and process figures. The table and child processes are in bench_common.hpp.
#pragma once

#include "bench/bench_common.hpp"

#include <obs.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

struct _XDisplay;

namespace bench {

double ffmpeg_decode_seconds(const std::string &path);
double process_cpu_seconds();
uint64_t vm_rss_bytes();
bool wait_until(const std::function<bool()> &condition, double timeout_s);

// libobs started with our module and obs-ffmpeg (shut down by the destructor).
struct Obs {
	_XDisplay *display = nullptr;
	Obs();
	~Obs();
	static void open_module(const char *bin, const char *data);
};

obs_source_t *create_source(const char *id, obs_data_t *settings);
// smoothing "off" for the figures that compare with the Media Source (which shows the clip's own frames).
obs_source_t *create_ours(const std::string &clip, const char *smoothing = "off");
obs_source_t *create_media_source(const std::string &clip);

// A scene on output channel 0 holding `source` (or nothing), so it is really rendered every frame.
struct ProgramScene {
	obs_scene_t *scene = obs_scene_create("bench scene");
	explicit ProgramScene(obs_source_t *source);
	~ProgramScene();
};

double cpu_per_second(double window_s);

// Times our source's video_tick + video_render on the graphics thread (see bench_obs.cpp).
struct FrameTimer {
	obs_source_t *source = nullptr;
	std::mutex mutex;
	std::vector<double> samples_ms;
	std::atomic<bool> recording{false};
	std::atomic<bool> decoded{false}; // the player logged the end of the decode: uploads from here on
	std::vector<double> upload_ms;
	std::vector<double> render_only_ms; // obs_source_video_render alone, while decoding
	Clock::time_point tick_start;

	static void on_tick(void *param, float);
	static void on_render(void *param, uint32_t, uint32_t);
};

// Watches libobs's log for the player's "clip decoded:" line.
extern FrameTimer *g_timer;
void log_handler(int level, const char *format, va_list args, void *);

double percentile(std::vector<double> values, double p);
double median_render_ms(const std::string &clip, const char *smoothing);
// Process CPU per second of the clip looping with `smoothing` in place (motion: once interpolated).
double loop_cpu_per_second(const std::string &clip, const char *smoothing, double window_s);

} // namespace bench
