#include "core/media/interpolation_segment.hpp"

#include "core/media/decode_result.hpp"
#include "core/media/minterpolate_graph.hpp"

#include <algorithm>
#include <utility>

namespace adiff {
namespace {

// minterpolate looks two frames ahead and stops short of its last input: three frames past the window.
constexpr size_t kFramesAfter = 3;
// A later segment starts this many frames early: the motion search predicts from the pairs before, as in
// one graph (their in-betweens are made and dropped).
constexpr size_t kFramesBefore = 2;

bool canceled(const SegmentSpec &spec)
{
	return spec.cancel && spec.cancel->canceled();
}

// The source frames to push, with their times: from `first` up to the window's end, then the frames
// that follow in playback (the loop's first ones at the wrap, or ping-pong's way back).
std::vector<std::pair<size_t, int64_t>> feed_for(const DecodedClip &clip, const SegmentSpec &spec)
{
	const size_t n = clip.frames.size();
	std::vector<std::pair<size_t, int64_t>> feed;
	const size_t context = std::min<size_t>(spec.first, kFramesBefore);
	int64_t before = spec.from_us;
	for (size_t k = 1; k <= context; ++k)
		before -= clip.durations_us[spec.first - k];
	for (size_t k = context; k >= 1; --k) {
		feed.emplace_back(spec.first - k, before);
		before += clip.durations_us[spec.first - k];
	}
	int64_t start = spec.from_us;
	size_t i = spec.first;
	for (; i < n && start < spec.to_us; ++i) {
		feed.emplace_back(i, start);
		start += clip.durations_us[i];
	}
	for (size_t k = 0; k < kFramesAfter && n >= 2; ++k, ++i) {
		size_t index = i;
		if (i >= n) // past the end: a repeated last frame would make the filter end the motion early
			index = spec.wrap ? (i - n) % n : (2 * n >= i + 2 ? 2 * n - 2 - i : 0);
		feed.emplace_back(index, start);
		start += clip.durations_us[index];
	}
	return feed;
}

class Segment {
public:
	Segment(const DecodedClip &clip, const SegmentSpec &spec) : clip_(clip), spec_(spec) {}
	SegmentOutput run();

private:
	bool drain(); // false once the window is full, or on cancel / error

	const DecodedClip &clip_;
	const SegmentSpec &spec_;
	MinterpolateGraph graph_;
	SegmentOutput out_;
	bool complete_ = false;
};

bool Segment::drain()
{
	std::vector<uint8_t> rgba;
	int64_t pts_us = 0;
	while (!complete_ && graph_.pull(&rgba, &pts_us)) {
		if (pts_us >= spec_.to_us) {
			complete_ = true;
			break;
		}
		if (pts_us < spec_.from_us || (!out_.times_us.empty() && pts_us <= out_.times_us.back()))
			continue; // before the window (rounding of the first time), or a repeat that would break the clock
		out_.times_us.push_back(pts_us);
		out_.frames.push_back(std::move(rgba));
		rgba = {};
		if (canceled(spec_))
			return false;
	}
	return !complete_ && graph_.error().empty() && !canceled(spec_);
}

SegmentOutput Segment::run()
{
	out_.error = graph_.open(clip_.width, clip_.height, spec_.fps);
	if (!out_.error.empty())
		return std::move(out_);
	const std::vector<std::pair<size_t, int64_t>> feed = feed_for(clip_, spec_);
	bool more = true;
	for (size_t k = 0; k < feed.size() && more; ++k) {
		if (canceled(spec_))
			return std::move(out_);
		out_.error = graph_.push(clip_.frames[feed[k].first].data(), feed[k].second);
		if (!out_.error.empty())
			return std::move(out_);
		more = drain();
	}
	if (more) {
		out_.error = graph_.finish();
		if (!out_.error.empty())
			return std::move(out_);
		drain();
	}
	out_.error = graph_.error();
	return std::move(out_);
}

} // namespace

SegmentOutput interpolate_segment(const DecodedClip &clip, const SegmentSpec &spec)
{
	return Segment(clip, spec).run();
}

std::vector<SegmentSpec> split_segments(const DecodedClip &clip, int64_t limit_us, size_t count)
{
	const size_t n = clip.frames.size();
	// Only source frames that start before the limit begin a segment; each segment at least two of them.
	std::vector<int64_t> starts;
	for (int64_t t = 0; starts.size() < n && t < limit_us; t += clip.durations_us[starts.size()])
		starts.push_back(t);
	count = std::max<size_t>(1, std::min(count, starts.size() / 2));
	std::vector<SegmentSpec> segments;
	for (size_t s = 0; s < count; ++s) {
		SegmentSpec spec;
		spec.first = starts.size() * s / count;
		spec.from_us = starts[spec.first];
		const size_t next = starts.size() * (s + 1) / count;
		spec.to_us = s + 1 < count ? starts[next] : limit_us;
		segments.push_back(spec);
	}
	return segments;
}

} // namespace adiff
