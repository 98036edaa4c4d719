#include "core/media/frame_interpolator.hpp"

#include "core/media/minterpolate_graph.hpp"
#include "core/util/log.hpp"

#include <algorithm>
#include <new>
#include <utility>
#include <vector>

namespace adiff {
namespace {

constexpr int64_t kUsPerSecond = 1000000;
constexpr size_t kFramesAfterEnd = 3;

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

// One interpolation run: feeds the frames (and, for a loop, the first two again after the last) and keeps
// the output frames that fall inside the clip's own span.
class Interpolation {
public:
	Interpolation(const DecodedClip &clip, const SmoothOptions &options, int fps)
		: clip_(clip),
		  options_(options),
		  fps_(fps),
		  limit_us_(options.wrap ? clip.duration_us : last_start_us(clip) + 1)
	{
	}
	SmoothResult run();

private:
	// False once enough frames have come out (or on cancel / error).
	bool drain();
	SmoothResult finish();

	const DecodedClip &clip_;
	const SmoothOptions &options_;
	const int fps_;
	const int64_t limit_us_; // output frames at or after this are not part of the clip
	MinterpolateGraph graph_;
	std::shared_ptr<DecodedClip> out_ = std::make_shared<DecodedClip>();
	std::vector<int64_t> times_us_;
	bool complete_ = false;
};

bool Interpolation::drain()
{
	std::vector<uint8_t> rgba;
	int64_t pts_us = 0;
	while (!complete_ && graph_.pull(&rgba, &pts_us)) {
		if (pts_us >= limit_us_) {
			complete_ = true;
			break;
		}
		if (!times_us_.empty() && pts_us <= times_us_.back())
			continue; // never expected from minterpolate; a repeated time would break the timeline
		times_us_.push_back(pts_us);
		out_->frames.push_back(std::move(rgba));
		rgba = {};
		if (canceled(options_))
			return false;
	}
	return !complete_ && graph_.error().empty() && !canceled(options_);
}

SmoothResult Interpolation::run()
{
	std::string error = graph_.open(clip_.width, clip_.height, fps_);
	if (!error.empty())
		return smooth_failure(SmoothError::Failed, error);
	const size_t n = clip_.frames.size();
	// The wrap: frame 0 and 1 once more after the last, at their times one duration later, so the
	// filter makes the in-betweens from the last frame into the first with the motion that follows.
	std::vector<std::pair<size_t, int64_t>> feed;
	int64_t start = 0;
	for (size_t i = 0; i < n; ++i) {
		feed.emplace_back(i, start);
		start += clip_.durations_us[i];
	}
	// After the end, the frames that follow in playback: the loop's first ones, or ping-pong's way back
	// (a repeated last frame would make the filter end the motion early). Three: minterpolate looks two
	// frames ahead and stops short of its last input.
	int64_t after = clip_.duration_us;
	for (size_t k = 0; k < kFramesAfterEnd && n >= 2; ++k) {
		const size_t index = options_.wrap ? k % n : (n >= 2 + k ? n - 2 - k : 0);
		feed.emplace_back(index, after);
		after += clip_.durations_us[index];
	}
	bool more = true;
	for (size_t k = 0; k < feed.size() && more; ++k) {
		if (canceled(options_))
			return smooth_failure(SmoothError::Canceled, "canceled");
		error = graph_.push(clip_.frames[feed[k].first].data(), feed[k].second);
		if (!error.empty())
			return smooth_failure(SmoothError::Failed, error);
		more = drain();
	}
	if (more) {
		error = graph_.finish();
		if (!error.empty())
			return smooth_failure(SmoothError::Failed, error);
		drain();
	}
	return finish();
}

SmoothResult Interpolation::finish()
{
	if (canceled(options_))
		return smooth_failure(SmoothError::Canceled, "canceled");
	if (!graph_.error().empty())
		return smooth_failure(SmoothError::Failed, graph_.error());
	if (out_->frames.size() < 2)
		return smooth_failure(SmoothError::Failed, "minterpolate made no frames");
	out_->width = clip_.width;
	out_->height = clip_.height;
	out_->source_width = clip_.source_width;
	out_->source_height = clip_.source_height;
	out_->downscaled = clip_.downscaled;
	out_->duration_us = clip_.duration_us;
	// Each frame lasts until the next; the last until the clip's end, so both sets share one clock.
	for (size_t i = 0; i < times_us_.size(); ++i) {
		const int64_t end = i + 1 < times_us_.size() ? times_us_[i + 1] : clip_.duration_us;
		out_->durations_us.push_back(std::max<int64_t>(1, end - times_us_[i]));
	}
	out_->duration_us = 0;
	for (int64_t us : out_->durations_us)
		out_->duration_us += us;
	SmoothResult result;
	result.clip = std::move(out_);
	result.fps = fps_;
	return result;
}

} // namespace

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
		Interpolation interpolation(clip, options, fps);
		SmoothResult result = interpolation.run();
		result.reduced = result.ok() && fps < options.fps;
		if (result.ok())
			log_line(LogLevel::Info, "interpolator: %zu frames at %d fps%s", result.clip->frames.size(),
				 fps, result.reduced ? " (reduced to fit the memory budget)" : "");
		else if (result.error != SmoothError::Canceled)
			log_line(LogLevel::Warning, "interpolator: %s (%s)", smooth_error_id(result.error),
				 result.detail.c_str());
		return result;
	} catch (const std::bad_alloc &) {
		return smooth_failure(SmoothError::Failed, "out of memory while interpolating");
	}
}

} // namespace adiff
