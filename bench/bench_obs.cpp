// Helpers of adiff_bench: libobs setup, sources, timers and process figures.
#include "bench/bench_obs.hpp"

#include <obs-module.h>
#include <obs-nix-platform.h>

#include <X11/Xlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <fstream>
#include <sstream>
#include <thread>

namespace bench {

// --- helpers ------------------------------------------------------------------------------------------

double ffmpeg_decode_seconds(const std::string &path)
{
	auto start = Clock::now();
	if (run({"ffmpeg", "-v", "error", "-i", path, "-f", "null", "-"}) != 0)
		throw std::runtime_error("ffmpeg could not decode " + path);
	return seconds_since(start);
}

double process_cpu_seconds()
{
	rusage usage = {};
	getrusage(RUSAGE_SELF, &usage);
	return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
	       double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

uint64_t vm_rss_bytes()
{
	std::ifstream status("/proc/self/status");
	std::string line;
	while (std::getline(status, line))
		if (line.rfind("VmRSS:", 0) == 0)
			return std::stoull(line.substr(6)) * 1024;
	return 0;
}

bool wait_until(const std::function<bool()> &condition, double timeout_s)
{
	auto start = Clock::now();
	while (!condition()) {
		if (seconds_since(start) > timeout_s)
			return condition();
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	}
	return true;
}

// --- libobs (copied in spirit from tests/obs/obs_env.cpp) --------------------------------------------

Obs::Obs()
{
	display = XOpenDisplay(nullptr);
	if (!display)
		throw std::runtime_error("no X display: run under xvfb-run -a");
	obs_set_nix_platform(OBS_NIX_PLATFORM_X11_EGL);
	obs_set_nix_platform_display(display);
	if (!obs_startup("en-US", nullptr, nullptr))
		throw std::runtime_error("obs_startup failed");
	obs_video_info ovi = {};
	ovi.graphics_module = "libobs-opengl";
	ovi.fps_num = 30;
	ovi.fps_den = 1;
	ovi.base_width = ovi.output_width = 1280;
	ovi.base_height = ovi.output_height = 720;
	ovi.output_format = VIDEO_FORMAT_BGRA;
	ovi.colorspace = VIDEO_CS_SRGB;
	ovi.range = VIDEO_RANGE_FULL;
	ovi.scale_type = OBS_SCALE_BILINEAR;
	ovi.gpu_conversion = true;
	if (obs_reset_video(&ovi) != OBS_VIDEO_SUCCESS)
		throw std::runtime_error("obs_reset_video failed");
	obs_audio_info oai = {48000, SPEAKERS_STEREO};
	if (!obs_reset_audio(&oai))
		throw std::runtime_error("obs_reset_audio failed");
	open_module("/usr/lib/x86_64-linux-gnu/obs-plugins/obs-ffmpeg.so", "/usr/share/obs/obs-plugins/obs-ffmpeg");
	open_module(ADIFF_MODULE_PATH, ADIFF_DATA_PATH);
	obs_post_load_modules();
}

Obs::~Obs()
{
	obs_set_output_source(0, nullptr);
	obs_shutdown();
	XCloseDisplay(static_cast<Display *>(display));
}

void Obs::open_module(const char *bin, const char *data)
{
	obs_module_t *module = nullptr;
	if (obs_open_module(&module, bin, data) != MODULE_SUCCESS || !obs_init_module(module))
		throw std::runtime_error(std::string("could not load module ") + bin);
}

obs_source_t *create_source(const char *id, obs_data_t *settings)
{
	obs_source_t *source = obs_source_create(id, id, settings, nullptr);
	if (!source)
		throw std::runtime_error(std::string("could not create ") + id);
	return source;
}

obs_source_t *create_ours(const std::string &clip, const char *smoothing)
{
	obs_data_t *settings = obs_data_create();
	obs_data_set_string(settings, "clip_path", clip.c_str());
	obs_data_set_string(settings, "smoothing", smoothing);
	obs_data_set_int(settings, "crossfade_ms", 0);
	obs_data_set_bool(settings, "pause_when_hidden", false);
	obs_source_t *source = create_source("animatediff_source", settings);
	obs_data_release(settings);
	return source;
}

obs_source_t *create_media_source(const std::string &clip)
{
	obs_data_t *settings = obs_data_create();
	obs_data_set_bool(settings, "is_local_file", true);
	obs_data_set_string(settings, "local_file", clip.c_str());
	obs_data_set_bool(settings, "looping", true);
	obs_data_set_bool(settings, "hw_decode", false);
	obs_source_t *source = create_source("ffmpeg_source", settings);
	obs_data_release(settings);
	return source;
}

ProgramScene::ProgramScene(obs_source_t *source)
{
	if (source)
		obs_scene_add(scene, source);
	obs_set_output_source(0, obs_scene_get_source(scene));
}

ProgramScene::~ProgramScene()
{
	obs_set_output_source(0, nullptr);
	obs_scene_release(scene);
}

double cpu_per_second(double window_s)
{
	const double cpu0 = process_cpu_seconds();
	const auto start = Clock::now();
	std::this_thread::sleep_for(std::chrono::duration<double>(window_s)); // a measuring window, not a wait
	return (process_cpu_seconds() - cpu0) / seconds_since(start);
}

// Times our source's video_tick + video_render on the graphics thread. video_tick is not exported by
// libobs 29, so the tick is timed as the gap from the tick callbacks (which run just before sources tick)
// to the main render callback (which runs after the main view is drawn, empty here); the render is timed
// by calling obs_source_video_render ourselves. The gap also holds OBS's own per-frame overhead, so the
// figure is an upper bound.
void FrameTimer::on_tick(void *param, float)
{
	static_cast<FrameTimer *>(param)->tick_start = Clock::now();
}

void FrameTimer::on_render(void *param, uint32_t, uint32_t)
{
	auto *self = static_cast<FrameTimer *>(param);
	const auto render_start = Clock::now();
	obs_source_video_render(self->source);
	const auto end = Clock::now();
	if (!self->recording)
		return;
	const double tick_ms = std::chrono::duration<double, std::milli>(render_start - self->tick_start).count();
	const double render_ms = std::chrono::duration<double, std::milli>(end - render_start).count();
	std::lock_guard<std::mutex> lock(self->mutex);
	(self->decoded ? self->upload_ms : self->samples_ms).push_back(tick_ms + render_ms);
	if (!self->decoded)
		self->render_only_ms.push_back(render_ms);
}

// Watches libobs's log for the player's "clip decoded:" line (the decode ended, the upload begins).
FrameTimer *g_timer = nullptr; // declared in bench_obs.hpp
void log_handler(int level, const char *format, va_list args, void *)
{
	char line[2048];
	vsnprintf(line, sizeof(line), format, args);
	if (g_timer && strstr(line, "clip decoded:"))
		g_timer->decoded = true;
	if (level <= LOG_WARNING)
		fprintf(stderr, "%s\n", line);
}

double percentile(std::vector<double> values, double p)
{
	if (values.empty())
		return 0;
	std::sort(values.begin(), values.end());
	return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
}

bool smoothed(obs_source_t *source)
{
	calldata_t cd;
	calldata_init(&cd);
	proc_handler_call(obs_source_get_proc_handler(source), "get_status", &cd);
	const char *json = calldata_string(&cd, "json");
	const bool yes = json && strstr(json, "\"smoothed\":true");
	calldata_free(&cd);
	return yes;
}

// Process CPU per second of `clip` looping with `smoothing` once it is in place (motion: the interpolated
// frames on the GPU), over `window_s`.
double loop_cpu_per_second(const std::string &clip, const char *smoothing, double window_s)
{
	obs_source_t *ours = create_ours(clip, smoothing);
	wait_until([&] { return obs_source_media_get_state(ours) != OBS_MEDIA_STATE_NONE; }, 30);
	if (strcmp(smoothing, "motion") == 0 && !wait_until([&] { return smoothed(ours); }, 120))
		throw std::runtime_error("motion smoothing did not come into place");
	const double cpu = cpu_per_second(window_s);
	obs_source_release(ours);
	return cpu;
}

// Median time of our video_render of `clip` with `smoothing`, over 3 s of frames (blend vs off).
double median_render_ms(const std::string &clip, const char *smoothing)
{
	obs_source_t *ours = create_ours(clip, smoothing);
	wait_until([&] { return obs_source_media_get_state(ours) != OBS_MEDIA_STATE_NONE; }, 30);
	if (strcmp(smoothing, "motion") == 0)
		wait_until([&] { return smoothed(ours); }, 120);
	FrameTimer timer;
	timer.source = ours;
	obs_add_tick_callback(FrameTimer::on_tick, &timer);
	obs_add_main_render_callback(FrameTimer::on_render, &timer);
	timer.recording = true;
	std::this_thread::sleep_for(std::chrono::seconds(3)); // a measuring window, not a wait
	timer.recording = false;
	obs_remove_main_render_callback(FrameTimer::on_render, &timer);
	obs_remove_tick_callback(FrameTimer::on_tick, &timer);
	obs_source_release(ours);
	std::lock_guard<std::mutex> lock(timer.mutex);
	return percentile(timer.render_only_ms, 0.5);
}

} // namespace bench
