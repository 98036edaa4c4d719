// adiff_smooth_bench: motion smoothing figures of the AnimateDiff source (README "Benchmark").
// `build/bench/adiff_smooth_bench [--out table.md]`; no display needed. A few minutes on 2 cores.
//
//  1. interpolating the model's clip (16 frames 512x512 at 8 fps) to 60 fps: our interpolate_clip on 1, 2
//     and all threads vs `ffmpeg -vf minterpolate=fps=60:mi_mode=mci` (goal <= 0.7x with all threads), and
//     on one thread vs the CLI running our options (the same filter work)
//  2. the same, absolute, against the model's own run time on Replicate (about 40 s)       (goal: under it)
//  3. a kept clip's second load (frames from its companion file) vs its first (interpolated): CPU <= 0.2x;
//     vs loading the plain clip: wall <= 1.5x
//  4. memory of the smoothed clip at 60 fps: its frames plus the plain ones kept for blending (info)
// Render cost of blend vs off is measured in real libobs by the tests' render path; see the README.
#include "bench/bench_common.hpp"
#include "core/media/smooth_companion.hpp"
#include "core/media/decoder.hpp"
#include "core/media/frame_interpolator.hpp"
#include "core/media/minterpolate_graph.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace {

using bench::Clock;
using bench::fmt;
using bench::Row;
using bench::run;
using bench::seconds_since;

// The model's typical prediction time on Replicate (lucataco/animate-diff, A40): the smoothed loop should
// be ready before the next clip could be.
constexpr double kModelRunSeconds = 40.0;

double cpu_seconds() // this process, every thread
{
	rusage usage{};
	getrusage(RUSAGE_SELF, &usage);
	return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
	       double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double ffmpeg_minterpolate_seconds(const std::string &clip, const std::string &options)
{
	const auto start = Clock::now();
	const int code = run({"ffmpeg", "-v", "error", "-nostdin", "-threads", "1", "-i", clip, "-vf",
			      "minterpolate=" + options, "-f", "null", "-"});
	if (code != 0)
		throw std::runtime_error("ffmpeg minterpolate failed");
	return seconds_since(start);
}

adiff::SmoothOptions smooth_options(int fps, int threads)
{
	adiff::SmoothOptions options;
	options.fps = fps;
	options.wrap = true;
	options.budget_bytes = 4096ull << 20;
	options.threads = threads;
	options.nice = 0; // the same priority as the ffmpeg command it is compared with
	return options;
}

double interpolate_seconds(const adiff::DecodedClip &clip, int fps, int threads)
{
	const auto start = Clock::now();
	const adiff::SmoothResult result = adiff::interpolate_clip(clip, smooth_options(fps, threads));
	if (!result.ok())
		throw std::runtime_error("interpolate_clip failed: " + result.detail);
	return seconds_since(start);
}

// Ours on 1, 2 and all threads against the CLI's default minterpolate (what a user would run) and against
// the CLI running our very options (the same filter work on one thread).
std::vector<Row> interpolation_rows(const std::string &clip_path, const adiff::DecodedClip &clip, int fps)
{
	const std::string cli_default = "fps=" + std::to_string(fps) + ":mi_mode=mci";
	const std::string ours_options = adiff::minterpolate_options(fps, clip.width, clip.height);
	const int all = int(std::max(1u, std::thread::hardware_concurrency()));
	double cli = 1e9, cli_same = 1e9, t1 = 1e9, t2 = 1e9, tall = 1e9;
	// Best of two runs each, alternating, so a busy shared machine hurts every side alike.
	for (int round = 0; round < 2; ++round) {
		cli = std::min(cli, ffmpeg_minterpolate_seconds(clip_path, cli_default));
		t1 = std::min(t1, interpolate_seconds(clip, fps, 1));
		t2 = std::min(t2, interpolate_seconds(clip, fps, 2));
		tall = std::min(tall, interpolate_seconds(clip, fps, all));
		cli_same = std::min(cli_same, ffmpeg_minterpolate_seconds(clip_path, ours_options));
	}
	fprintf(stderr, "%d fps: ours 1/2/%d threads %.2f/%.2f/%.2f s, ffmpeg CLI default %.2f s, ours on CLI %.2f s\n",
		fps, all, t1, t2, tall, cli, cli_same);
	const std::string name = "minterpolate 16x512² → " + std::to_string(fps) + " fps";
	const std::string vs = " vs `ffmpeg -vf minterpolate=" + cli_default + "`";
	return {{name + ", " + std::to_string(all) + " threads (all)" + vs, fmt("%.2f s", tall), fmt("%.2f s", cli),
		 fmt("%.2fx", tall / cli), "<= 0.70x", tall / cli <= 0.7},
		{name + ", 2 threads" + vs, fmt("%.2f s", t2), fmt("%.2f s", cli), fmt("%.2fx", t2 / cli), "—", true},
		{name + ", 1 thread" + vs, fmt("%.2f s", t1), fmt("%.2f s", cli), fmt("%.2fx", t1 / cli), "—", true},
		{name + ", 1 thread vs the CLI with our options (" + ours_options + ")", fmt("%.2f s", t1),
		 fmt("%.2f s", cli_same), fmt("%.2fx", t1 / cli_same), "—", true},
		{name + ": absolute (all threads) vs the model's run time", fmt("%.2f s", tall),
		 fmt("%.0f s", kModelRunSeconds), fmt("%.2fx", tall / kModelRunSeconds), "< 1.00x",
		 tall < kModelRunSeconds}};
}

struct Load {
	double wall = 0, cpu = 0;
	bool from_cache = false;
};

// What the decode worker does for a clip of the clips folder: decode, then the kept frames or interpolation
// (and keeping them).
Load load_clip(const adiff::ClipStore &store, const std::string &path, int fps, bool smooth)
{
	const auto start = Clock::now();
	const double cpu = cpu_seconds();
	Load load;
	const adiff::DecodeResult decoded = adiff::decode_clip(path);
	if (!decoded.ok())
		throw std::runtime_error("decode_clip failed: " + decoded.detail);
	if (smooth) {
		adiff::SmoothCompanion companion(store, path, fps, true, nullptr);
		std::optional<adiff::SmoothResult> kept = companion.load(*decoded.clip);
		load.from_cache = kept.has_value();
		if (!kept) {
			const adiff::SmoothResult made = adiff::interpolate_clip(*decoded.clip, smooth_options(fps, 0));
			if (!made.ok() || !companion.keep(made))
				throw std::runtime_error("smoothing or keeping failed");
		}
	}
	load.wall = seconds_since(start);
	load.cpu = cpu_seconds() - cpu;
	return load;
}

std::vector<Row> cache_rows(const std::string &dir, const std::string &clip_path, int fps)
{
	const adiff::ClipStore store(dir + "/clips");
	if (!store.ensure_dir(nullptr))
		throw std::runtime_error("no clips folder");
	const std::string kept = store.path_for(std::string(64, 'b'), "mp4");
	if (run({"cp", clip_path, kept}) != 0)
		throw std::runtime_error("cannot copy the clip");
	const Load first = load_clip(store, kept, fps, true);
	const Load second = load_clip(store, kept, fps, true);
	const Load plain = load_clip(store, kept, fps, false);
	if (first.from_cache || !second.from_cache)
		throw std::runtime_error("the second load did not use the kept frames");
	uintmax_t bytes = 0;
	for (const std::string &companion : store.companions_of(kept))
		bytes += std::filesystem::file_size(companion);
	return {{"second load of a kept clip (smoothed frames from disk) vs first load (interpolated), CPU",
		 fmt("%.2f s", second.cpu), fmt("%.2f s", first.cpu), fmt("%.2fx", second.cpu / first.cpu), "<= 0.20x",
		 second.cpu <= 0.2 * first.cpu},
		{"second load of a kept clip vs loading the plain clip, wall", fmt("%.3f s", second.wall),
		 fmt("%.3f s", plain.wall), fmt("%.2fx", second.wall / plain.wall), "<= 1.50x",
		 second.wall <= 1.5 * plain.wall},
		{"(info) size of the kept smoothed frames (" + std::to_string(fps) + " fps, H.264 crf 10)",
		 fmt("%.1f MiB", double(bytes) / 1048576.0), "—", "—", "—", true}};
}

} // namespace

int main(int argc, char **argv)
{
	const std::string out_path = bench::out_path_arg(argc, argv);
	char dir_template[] = "/tmp/adiff-smooth-bench-XXXXXX";
	const std::string dir = mkdtemp(dir_template);
	const std::string clip_path = dir + "/model.mp4";
	std::vector<Row> rows;
	try {
		if (run({"ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
			 "testsrc2=size=512x512:rate=8:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
			 clip_path}) != 0)
			throw std::runtime_error("could not make the clip with ffmpeg");
		const adiff::DecodeResult decoded = adiff::decode_clip(clip_path);
		if (!decoded.ok())
			throw std::runtime_error("decode_clip failed: " + decoded.detail);
		for (Row &row : interpolation_rows(clip_path, *decoded.clip, 60))
			rows.push_back(row);
		for (Row &row : cache_rows(dir, clip_path, 60))
			rows.push_back(row);
		const double frames = double(adiff::smooth_frame_count(*decoded.clip, 60, true));
		const double smooth_mib = frames * 512 * 512 * 4 / 1048576.0;
		const double plain_mib = double(decoded.clip->bytes()) / 1048576.0;
		rows.push_back({"(info) memory of the smoothed 16x512² clip at 60 fps (" + fmt("%.0f", frames) +
					" frames) + the 16 plain frames kept for blending",
				fmt("%.0f MiB", smooth_mib + plain_mib), "—", "—", "—", true});
	} catch (const std::exception &error) {
		fprintf(stderr, "adiff_smooth_bench: %s\n", error.what());
		run({"rm", "-rf", dir});
		return 1;
	}
	run({"rm", "-rf", dir});
	bench::print_table(rows, out_path);
	return 0;
}
