// adiff_bench: playback figures of the AnimateDiff source against FFmpeg and OBS's own Media Source.
// Run under a display: `xvfb-run -a build/bench/adiff_bench [--out table.md]`. About a minute on 2 cores.
//
// Figures (each with its goal, PASS/MISS):
//  1. decode time: our decode_clip vs `ffmpeg -i clip -f null -` wall time             (goal <= 1.5x)
//  2. file -> first frame drawn through the real source vs that ffmpeg time            (goal <= 1.5x)
//  3. process CPU per second of looping above an empty scene: ours vs ffmpeg_source      (goal <= 0.2x)
//  4. p99 of our video_tick + video_render while a decode runs on the worker             (goal <= 0.2 ms)
//  5. resident memory growth after the upload vs one frame set (w*h*4*frames)           (goal <= 1.5x)
//  6. median video_render of the small clip with smoothing blend vs off                  (goal <= 1.3x)
//  7. the same and process CPU per second of looping, smoothing motion (in place) vs off (goal <= 1.1x)
// The libobs setup is a small copy of tests/obs/obs_env.cpp (the bench does not link the test libraries).
#include "bench/bench_obs.hpp"
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

using namespace bench;

namespace {

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
	const std::string out_path = out_path_arg(argc, argv);

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
		double render_off_ms = 0, render_blend_ms = 0, render_motion_ms = 0, loop_off = 0, loop_motion = 0;
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
				if (!wait_until([&] { return obs_source_media_get_state(ours) != OBS_MEDIA_STATE_NONE; },
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
			render_motion_ms = median_render_ms(small.path, "motion");
			loop_off = loop_cpu_per_second(small.path, "off", 10);
			loop_motion = loop_cpu_per_second(small.path, "motion", 10);
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
		rows.push_back(ratio_row("render cost, smoothing motion (in place) vs off, " + small.name +
						 " (median video_render)",
					 render_motion_ms, render_off_ms, "ms", 1.1));
		rows.push_back(ratio_row("CPU s/s looping, smoothing motion (in place) vs off, " + small.name,
					 loop_motion, std::max(1e-3, loop_off), "", 1.1));
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
	print_table(rows, out_path);
	return 0;
}
