// adiff_bench: playback figures of the AnimateDiff source against FFmpeg and OBS's own Media Source.
// Run under a display: `xvfb-run -a build/bench/adiff_bench [--out table.md]`. About a minute on 2 cores.
//
// Figures (each with its goal, PASS/MISS):
//  1. decode time: our decode_clip vs `ffmpeg -i clip -f null -` wall time             (goal <= 1.5x)
//  2. file -> first frame drawn through the real source vs that ffmpeg time            (goal <= 1.5x)
//  3. process CPU per second of looping above an empty scene: ours vs ffmpeg_source      (goal <= 0.2x)
//  4. p99 of our video_tick + video_render while a decode runs on the worker             (goal <= 0.2 ms)
//  5. resident memory growth after the upload vs one frame set (w*h*4*frames)           (goal <= 1.5x)
// The libobs setup is a small copy of tests/obs/obs_env.cpp (the bench does not link the test libraries).
#include "core/media/decoder.hpp"

#include <obs-module.h>
#include <obs-nix-platform.h>
#include <obs.h>

#include <X11/Xlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
	return std::chrono::duration<double>(Clock::now() - start).count();
}

// --- helpers ------------------------------------------------------------------------------------------

int run(const std::vector<std::string> &args)
{
	pid_t pid = fork();
	if (pid == 0) {
		std::vector<char *> argv;
		for (const std::string &arg : args)
			argv.push_back(const_cast<char *>(arg.c_str()));
		argv.push_back(nullptr);
		execvp(argv[0], argv.data());
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void make_clip(const std::string &path, const std::string &lavfi)
{
	if (run({"ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", lavfi, "-c:v", "libx264", "-pix_fmt", "yuv420p",
		 "-preset", "veryfast", path}) != 0)
		throw std::runtime_error("ffmpeg could not make " + path);
}

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

struct Obs {
	Display *display = nullptr;

	Obs()
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
		open_module("/usr/lib/x86_64-linux-gnu/obs-plugins/obs-ffmpeg.so",
			    "/usr/share/obs/obs-plugins/obs-ffmpeg");
		open_module(ADIFF_MODULE_PATH, ADIFF_DATA_PATH);
		obs_post_load_modules();
	}

	~Obs()
	{
		obs_set_output_source(0, nullptr);
		obs_shutdown();
		XCloseDisplay(display);
	}

	static void open_module(const char *bin, const char *data)
	{
		obs_module_t *module = nullptr;
		if (obs_open_module(&module, bin, data) != MODULE_SUCCESS || !obs_init_module(module))
			throw std::runtime_error(std::string("could not load module ") + bin);
	}
};

obs_source_t *create_source(const char *id, obs_data_t *settings)
{
	obs_source_t *source = obs_source_create(id, id, settings, nullptr);
	if (!source)
		throw std::runtime_error(std::string("could not create ") + id);
	return source;
}

// smoothing "off" for the figures that compare with the Media Source (which shows the clip's own frames).
obs_source_t *create_ours(const std::string &clip, const char *smoothing = "off")
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

// A scene on output channel 0 holding `source` (or nothing), so it is really rendered every frame.
struct ProgramScene {
	obs_scene_t *scene = obs_scene_create("bench scene");
	explicit ProgramScene(obs_source_t *source)
	{
		if (source)
			obs_scene_add(scene, source);
		obs_set_output_source(0, obs_scene_get_source(scene));
	}
	~ProgramScene()
	{
		obs_set_output_source(0, nullptr);
		obs_scene_release(scene);
	}
};

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
struct FrameTimer {
	obs_source_t *source = nullptr;
	std::mutex mutex;
	std::vector<double> samples_ms;
	std::atomic<bool> recording{false};
	std::atomic<bool> decoded{false}; // the player logged the end of the decode: uploads from here on
	std::vector<double> upload_ms;
	std::vector<double> render_only_ms; // obs_source_video_render alone, while decoding
	Clock::time_point tick_start;

	static void on_tick(void *param, float) { static_cast<FrameTimer *>(param)->tick_start = Clock::now(); }
	static void on_render(void *param, uint32_t, uint32_t)
	{
		auto *self = static_cast<FrameTimer *>(param);
		const auto render_start = Clock::now();
		obs_source_video_render(self->source);
		const auto end = Clock::now();
		if (!self->recording)
			return;
		const double tick_ms =
			std::chrono::duration<double, std::milli>(render_start - self->tick_start).count();
		const double render_ms = std::chrono::duration<double, std::milli>(end - render_start).count();
		std::lock_guard<std::mutex> lock(self->mutex);
		(self->decoded ? self->upload_ms : self->samples_ms).push_back(tick_ms + render_ms);
		if (!self->decoded)
			self->render_only_ms.push_back(render_ms);
	}
};

// Watches libobs's log for the player's "clip decoded:" line (the decode ended, the upload begins).
FrameTimer *g_timer = nullptr;
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

// Median time of our video_render of `clip` with `smoothing`, over 3 s of frames (blend vs off).
double median_render_ms(const std::string &clip, const char *smoothing)
{
	obs_source_t *ours = create_ours(clip, smoothing);
	wait_until([&] { return obs_source_media_get_state(ours) != OBS_MEDIA_STATE_NONE; }, 30);
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

// --- the table ----------------------------------------------------------------------------------------

struct Row {
	std::string figure, ours, reference, ratio, goal;
	bool pass;
};

std::string fmt(const char *format, double value)
{
	char buffer[64];
	snprintf(buffer, sizeof(buffer), format, value);
	return buffer;
}

Row ratio_row(const std::string &figure, double ours, double reference, const char *unit, double goal)
{
	const double ratio = reference > 0 ? ours / reference : 0;
	return {figure,
		fmt("%.3f ", ours) + unit,
		fmt("%.3f ", reference) + unit,
		fmt("%.2fx", ratio),
		fmt("<= %.2fx", goal),
		ratio <= goal};
}

std::string table(const std::vector<Row> &rows)
{
	std::ostringstream out;
	out << "| Figure | Ours | Reference | Ratio | Goal | Result |\n|---|---|---|---|---|---|\n";
	for (const Row &row : rows)
		out << "| " << row.figure << " | " << row.ours << " | " << row.reference << " | " << row.ratio << " | "
		    << row.goal << " | "
		    << (row.goal == "—" ? "info"
			: row.pass      ? "PASS"
					: "MISS")
		    << " |\n";
	return out.str();
}

struct ClipFigures {
	std::string name, path;
	double ffmpeg_s = 0, decode_s = 0, first_frame_s = 0;
	double cpu_ours = 0, cpu_media = 0;
	adiff::DecodedClip shape; // width/height/frames of our decode (after any downscale)
	size_t frames = 0;
};

} // namespace

int main(int argc, char **argv)
{
	std::string out_path;
	for (int i = 1; i < argc; i++)
		if (std::string(argv[i]) == "--out" && i + 1 < argc)
			out_path = argv[++i];

	char dir_template[] = "/tmp/adiff-bench-XXXXXX";
	const std::string dir = mkdtemp(dir_template);
	std::vector<Row> rows;
	base_set_log_handler(log_handler, nullptr); // quiet: warnings only, and the decode-done marker
	try {
		fprintf(stderr, "making clips with the ffmpeg CLI...\n");
		ClipFigures small{"16x512² H.264", dir + "/small.mp4"}, big{"10 s 1080p H.264", dir + "/big.mp4"};
		make_clip(small.path, "testsrc2=size=512x512:rate=8:duration=2");
		make_clip(big.path, "testsrc2=size=1920x1080:rate=30:duration=10");

		for (ClipFigures *clip : {&small, &big})
			clip->ffmpeg_s = std::min(ffmpeg_decode_seconds(clip->path), ffmpeg_decode_seconds(clip->path));

		uint64_t rss_growth = 0;
		double p99 = 0, max_ms = 0, upload_p99 = 0, render_p99 = 0;
		size_t samples = 0, upload_samples = 0;
		double render_off_ms = 0, render_blend_ms = 0;
		{
			Obs obs;
			double baseline = 0;
			{
				ProgramScene empty(nullptr);
				std::this_thread::sleep_for(std::chrono::milliseconds(500)); // settle
				baseline = cpu_per_second(3.0);
			}

			for (ClipFigures *clip : {&small, &big}) {
				// File -> first frame drawn (the clip becomes current and is drawn in the same frame).
				const uint64_t rss_before = vm_rss_bytes();
				auto start = Clock::now();
				obs_source_t *ours = create_ours(clip->path);
				if (!wait_until(
					    [&] { return obs_source_media_get_state(ours) != OBS_MEDIA_STATE_NONE; },
					    60))
					throw std::runtime_error("our source never showed " + clip->path);
				clip->first_frame_s = seconds_since(start);
				if (clip == &big) {
					// The CPU copy is dropped right after the last upload; let the frame finish.
					std::this_thread::sleep_for(std::chrono::milliseconds(300));
					const uint64_t rss_after = vm_rss_bytes();
					rss_growth = rss_after > rss_before ? rss_after - rss_before : 0;
				}
				{
					ProgramScene scene(ours);
					clip->cpu_ours = cpu_per_second(3.0) - baseline;
				}
				obs_source_release(ours);

				obs_source_t *media = create_media_source(clip->path);
				{
					ProgramScene scene(media);
					if (!wait_until(
						    [&] {
							    return obs_source_media_get_state(media) ==
								   OBS_MEDIA_STATE_PLAYING;
						    },
						    10))
						throw std::runtime_error("ffmpeg_source never played " + clip->path);
					std::this_thread::sleep_for(
						std::chrono::milliseconds(300)); // past its first open
					clip->cpu_media = cpu_per_second(3.0) - baseline;
				}
				obs_source_release(media);
			}

			{
				// p99 of tick + render while the big clip decodes on the worker; then the memory it
				// holds.
				obs_source_t *ours = create_ours(small.path);
				wait_until([&] { return obs_source_media_get_state(ours) != OBS_MEDIA_STATE_NONE; },
					   30);
				FrameTimer timer;
				timer.source = ours;
				g_timer = &timer;
				obs_add_tick_callback(FrameTimer::on_tick, &timer);
				obs_add_main_render_callback(FrameTimer::on_render, &timer);
				std::this_thread::sleep_for(std::chrono::milliseconds(300));
				const uint64_t rss_before = vm_rss_bytes();
				timer.recording = true;
				obs_data_t *patch = obs_data_create();
				obs_data_set_string(patch, "clip_path", big.path.c_str());
				obs_source_update(ours, patch);
				obs_data_release(patch);
				// Decoding ends when the upload starts; the upload ends when the size changes.
				wait_until([&] { return obs_source_get_width(ours) != 512; }, 60);
				timer.recording = false;
				std::this_thread::sleep_for(std::chrono::milliseconds(300));
				obs_remove_main_render_callback(FrameTimer::on_render, &timer);
				obs_remove_tick_callback(FrameTimer::on_tick, &timer);
				{
					std::lock_guard<std::mutex> lock(timer.mutex);
					samples = timer.samples_ms.size();
					p99 = percentile(timer.samples_ms, 0.99);
					max_ms = percentile(timer.samples_ms, 1.0);
					render_p99 = percentile(timer.render_only_ms, 0.99);
					upload_samples = timer.upload_ms.size();
					upload_p99 = percentile(timer.upload_ms, 0.99);
				}
				g_timer = nullptr;
				obs_source_release(ours);
			}

			render_off_ms = median_render_ms(small.path, "off");
			render_blend_ms = median_render_ms(small.path, "blend");
		} // libobs shut down

		// In-process decodes last, so their freed buffers cannot hide the player's memory above.
		for (ClipFigures *clip : {&small, &big}) {
			auto start = Clock::now();
			adiff::DecodeResult result = adiff::decode_clip(clip->path);
			clip->decode_s = seconds_since(start);
			if (!result.ok())
				throw std::runtime_error("decode_clip failed on " + clip->path + ": " + result.detail);
			clip->shape.width = result.clip->width;
			clip->shape.height = result.clip->height;
			clip->frames = result.clip->frames.size();
			fprintf(stderr, "%s: ffmpeg %.3f s, ours %.3f s (%dx%d x %zu frames)\n", clip->name.c_str(),
				clip->ffmpeg_s, clip->decode_s, clip->shape.width, clip->shape.height, clip->frames);
		}

		for (ClipFigures *clip : {&small, &big}) {
			rows.push_back(ratio_row("decode, " + clip->name + ": decode_clip vs ffmpeg -f null",
						 clip->decode_s, clip->ffmpeg_s, "s", 1.5));
			rows.push_back(ratio_row("file → first frame drawn, " + clip->name + " vs ffmpeg decode",
						 clip->first_frame_s, clip->ffmpeg_s, "s", 1.5));
			rows.push_back(ratio_row(
				"CPU s/s looping above empty scene, " + clip->name + ": ours vs ffmpeg_source",
				std::max(0.0, clip->cpu_ours), std::max(1e-3, clip->cpu_media), "", 0.2));
		}
		rows.push_back({"p99 video_tick+video_render while decoding 1080p (" + std::to_string(samples) +
					" frames, max " + fmt("%.3f", max_ms) + " ms)",
				fmt("%.3f ms", p99), "—", "—", "<= 0.2 ms", p99 <= 0.2});
		rows.push_back({"(info) p99 of video_render alone while decoding (exact; the tick above is a gap)",
				fmt("%.3f ms", render_p99), "—", "—", "—", true});
		rows.push_back({"(info) p99 video_tick+video_render during the texture upload that follows (" +
					std::to_string(upload_samples) + " frames, 4 MiB per tick)",
				fmt("%.3f ms", upload_p99), "—", "—", "—", true});
		rows.push_back(
			ratio_row("render cost, smoothing blend vs off, " + small.name + " (median video_render)",
				  render_blend_ms, render_off_ms, "ms", 1.3));
		const double frame_set = double(big.shape.width) * big.shape.height * 4 * double(big.frames);
		rows.push_back(ratio_row("VmRSS growth after upload vs one frame set, " + big.name + " (" +
						 std::to_string(big.shape.width) + "x" +
						 std::to_string(big.shape.height) + " x " + std::to_string(big.frames) +
						 ")",
					 double(rss_growth) / 1048576.0, frame_set / 1048576.0, "MiB", 1.5));
	} catch (const std::exception &error) {
		fprintf(stderr, "adiff_bench: %s\n", error.what());
		run({"rm", "-rf", dir});
		return 1;
	}
	run({"rm", "-rf", dir});

	const std::string markdown = table(rows);
	fputs(markdown.c_str(), stdout);
	if (!out_path.empty())
		std::ofstream(out_path) << markdown;
	return 0;
}
