#include "core/media/frame_interpolator.hpp"

#include "core/media/interpolation_segment.hpp"
#include "core/media/pair_fallback.hpp"
#include "core/util/log.hpp"
#include "core/util/thread_priority.hpp"

#include <algorithm>
#include <new>
#include <thread>
#include <utility>
#include <vector>

namespace adiff {
namespace {

constexpr int64_t kUsPerSecond = 1000000;

SmoothResult smooth_failure(SmoothError error, std::string detail)
{
	SmoothResult result;
	result.error = error;
	result.detail = std::move(detail);
	return result;
}

bool canceled(const SmoothOptions &options)
{
	return options.cancel && options.cancel->canceled();
}

int64_t last_start_us(const DecodedClip &clip)
{
	return clip.duration_us - clip.durations_us.back();
}

SmoothResult finish(const DecodedClip &clip, int fps, bool wrap, std::vector<int64_t> times_us,
		    std::vector<std::vector<uint8_t>> frames)
{
	if (frames.size() < 2)
		return smooth_failure(SmoothError::Failed, "minterpolate made no frames");
	const size_t blended = blend_failed_pairs(clip, wrap, times_us, &frames);
	auto out = std::make_shared<DecodedClip>();
	out->width = clip.width;
	out->height = clip.height;
	out->source_width = clip.source_width;
	out->source_height = clip.source_height;
	out->downscaled = clip.downscaled;
	out->frames = std::move(frames);
	// Each frame lasts until the next; the last until the clip's end, so both sets share one clock.
	for (size_t i = 0; i < times_us.size(); ++i) {
		const int64_t end = i + 1 < times_us.size() ? times_us[i + 1] : clip.duration_us;
		out->durations_us.push_back(std::max<int64_t>(1, end - times_us[i]));
	}
	for (int64_t us : out->durations_us)
		out->duration_us += us;
	SmoothResult result;
	result.clip = std::move(out);
	result.fps = fps;
	result.blended_pairs = blended;
	return result;
}

// Runs the segments, the first on the caller's thread and each other on a thread of its own (joined
// before returning, also on cancel), and joins their frames in order.
SmoothResult run_segments(const DecodedClip &clip, const SmoothOptions &options, int fps)
{
	const int64_t limit_us = options.wrap ? clip.duration_us : last_start_us(clip) + 1;
	const size_t wanted = size_t(options.threads > 0 ? options.threads : smooth_threads());
	std::vector<SegmentSpec> specs = split_segments(clip, limit_us, wanted);
	std::vector<SegmentOutput> outputs(specs.size());
	std::vector<std::thread> threads;
	for (size_t s = 0; s < specs.size(); ++s) {
		specs[s].fps = fps;
		specs[s].wrap = options.wrap;
		specs[s].cancel = options.cancel;
	}
	auto work = [&](size_t s) {
		outputs[s] = interpolate_segment(clip, specs[s]);
	};
	for (size_t s = 1; s < specs.size(); ++s)
		threads.emplace_back([&, s, nice = options.nice] {
			lower_thread_priority(nice);
			try {
				work(s);
			} catch (const std::bad_alloc &) {
				outputs[s].error = "out of memory while interpolating";
			}
		});
	struct Joiner {
		std::vector<std::thread> &threads;
		~Joiner()
		{
			for (std::thread &thread : threads)
				thread.join();
		}
	} joiner{threads};
	work(0);
	for (std::thread &thread : threads)
		thread.join();
	threads.clear();
	if (canceled(options))
		return smooth_failure(SmoothError::Canceled, "canceled");
	std::vector<std::vector<uint8_t>> frames;
	std::vector<int64_t> times_us;
	for (SegmentOutput &out : outputs) {
		if (!out.error.empty())
			return smooth_failure(SmoothError::Failed, out.error);
		for (size_t k = 0; k < out.frames.size(); ++k) {
			frames.push_back(std::move(out.frames[k]));
			times_us.push_back(out.times_us[k]);
		}
		out = {};
	}
	return finish(clip, fps, options.wrap, std::move(times_us), std::move(frames));
}

} // namespace

int smooth_threads()
{
	const unsigned cores = std::thread::hardware_concurrency(); // 0 when unknown
	return cores > 1 ? int(cores - 1) : 1;
}

const char *smooth_error_id(SmoothError error)
{
	switch (error) {
	case SmoothError::None:
		return "none";
	case SmoothError::Canceled:
		return "canceled";
	case SmoothError::OverBudget:
		return "over_budget";
	case SmoothError::Alpha:
		return "alpha";
	case SmoothError::TooShort:
		return "too_short";
	case SmoothError::Failed:
		return "failed";
	}
	return "unknown";
}

int source_fps(const DecodedClip &clip)
{
	if (clip.duration_us <= 0)
		return 1;
	const int64_t n = int64_t(clip.frames.size());
	return int(std::max<int64_t>(1, (n * kUsPerSecond + clip.duration_us - 1) / clip.duration_us));
}

uint64_t smooth_frame_count(const DecodedClip &clip, int fps, bool wrap)
{
	if (clip.frames.size() < 2 || fps <= 0)
		return clip.frames.size();
	// Frame k is at k/fps seconds; count those before the end (loop) or at most the last start.
	if (wrap)
		return uint64_t((clip.duration_us * fps + kUsPerSecond - 1) / kUsPerSecond);
	return uint64_t(last_start_us(clip) * fps / kUsPerSecond) + 1;
}

int fitting_smooth_fps(const DecodedClip &clip, int asked, bool wrap, uint64_t budget_bytes)
{
	const uint64_t frame_bytes = uint64_t(clip.width) * uint64_t(clip.height) * 4;
	const int lowest = std::max(1, std::min(asked, source_fps(clip)));
	for (int fps = asked; fps >= lowest; --fps) {
		if (smooth_frame_count(clip, fps, wrap) * frame_bytes <= budget_bytes)
			return fps;
	}
	return 0;
}

SmoothResult interpolate_clip(const DecodedClip &clip, const SmoothOptions &options)
{
	if (clip.frames.size() < 2 || clip.durations_us.size() != clip.frames.size())
		return smooth_failure(SmoothError::TooShort, "fewer than two frames");
	if (clip.has_alpha)
		return smooth_failure(SmoothError::Alpha, "minterpolate keeps no transparency");
	const int fps = fitting_smooth_fps(clip, options.fps, options.wrap, options.budget_bytes);
	if (fps == 0)
		return smooth_failure(SmoothError::OverBudget,
				      std::to_string(smooth_frame_count(clip, source_fps(clip), options.wrap)) +
					      " frames do not fit " + std::to_string(options.budget_bytes >> 20) +
					      " MiB");
	try {
		SmoothResult result = run_segments(clip, options, fps);
		result.reduced = result.ok() && fps < options.fps;
		if (result.ok())
			log_line(LogLevel::Info, "interpolator: %zu frames at %d fps%s, %zu of %zu pairs blended",
				 result.clip->frames.size(), fps,
				 result.reduced ? " (reduced to fit the memory budget)" : "", result.blended_pairs,
				 clip.frames.size());
		else if (result.error != SmoothError::Canceled)
			log_line(LogLevel::Warning, "interpolator: %s (%s)", smooth_error_id(result.error),
				 result.detail.c_str());
		return result;
	} catch (const std::bad_alloc &) {
		return smooth_failure(SmoothError::Failed, "out of memory while interpolating");
	}
}

} // namespace adiff
