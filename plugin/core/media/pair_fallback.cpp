#include "core/media/pair_fallback.hpp"

#include "core/media/decode_result.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace adiff {
namespace {

// Pictures are compared as block averages of their luma: a moving object stays visible, the fine damage
// interpolation does to a texture (which is everywhere, in good and failed pairs alike) averages out.
constexpr int kBlocksAcross = 32;
// Below this mean difference (0..255) two pictures count as the same: nothing moves, nothing to judge.
constexpr double kStill = 0.5;
// minterpolate's fdiff scene-change threshold (percent of the range), used here to blend, not to hold.
constexpr double kCutPercent = 10.0;

using Blocks = std::vector<float>;

Blocks block_means(const std::vector<uint8_t> &rgba, int width, int height)
{
	const int side = std::max(1, std::min(width, height) / kBlocksAcross);
	const int across = std::max(1, width / side), down = std::max(1, height / side);
	Blocks blocks(size_t(across) * size_t(down), 0.0f);
	for (int y = 0; y < down * side && y < height; ++y) {
		const uint8_t *row = rgba.data() + size_t(y) * size_t(width) * 4;
		float *out = &blocks[size_t(y / side) * size_t(across)];
		for (int x = 0; x < across * side && x < width; ++x) {
			const uint8_t *p = row + size_t(x) * 4;
			out[x / side] += 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
		}
	}
	const float area = float(side) * float(side);
	for (float &v : blocks)
		v /= area;
	return blocks;
}

double mean_difference(const Blocks &a, const Blocks &b)
{
	double sum = 0;
	for (size_t i = 0; i < a.size(); ++i)
		sum += std::fabs(double(a[i]) - double(b[i]));
	return a.empty() ? 0.0 : sum / double(a.size());
}

// The shown steps from source frame a through the in-betweens to b: is most of the change in one of them?
// Smooth motion spreads it (each of m steps carries about 1/m); a hold and a jump puts nearly all in one.
bool held_and_jumped(const std::vector<Blocks> &shown)
{
	const size_t steps = shown.size() - 1;
	if (steps < 2)
		return false;
	double total = 0, largest = 0;
	for (size_t k = 0; k < steps; ++k) {
		const double d = mean_difference(shown[k], shown[k + 1]);
		total += d;
		largest = std::max(largest, d);
	}
	if (total < kStill)
		return false;
	// 2.5 even steps' worth, capped so that two steps (one in-between) still catch a held frame.
	const double allowed = std::min(0.85, 2.5 / double(steps));
	return largest > total * allowed;
}

void blend_interval(const std::vector<uint8_t> &a, const std::vector<uint8_t> &b, int64_t from_us, int64_t to_us,
		    const std::vector<int64_t> &times_us, size_t begin, size_t end,
		    std::vector<std::vector<uint8_t>> *frames)
{
	for (size_t k = begin; k < end; ++k) {
		const double t = double(times_us[k] - from_us) / double(std::max<int64_t>(1, to_us - from_us));
		const int w = int(std::lround(std::clamp(t, 0.0, 1.0) * 256));
		std::vector<uint8_t> &out = (*frames)[k];
		for (size_t i = 0; i < out.size(); ++i)
			out[i] = uint8_t((int(a[i]) * (256 - w) + int(b[i]) * w + 128) >> 8);
	}
}

} // namespace

size_t blend_failed_pairs(const DecodedClip &clip, bool wrap, const std::vector<int64_t> &times_us,
			  std::vector<std::vector<uint8_t>> *frames)
{
	const size_t n = clip.frames.size();
	const size_t pairs = wrap ? n : n - 1;
	double previous_mafd = 0; // as minterpolate starts: a first pair that differs a lot counts as a cut
	size_t blended = 0, k = 0;
	int64_t start = 0;
	for (size_t i = 0; i < pairs; ++i) {
		const int64_t end = start + clip.durations_us[i];
		const std::vector<uint8_t> &a = clip.frames[i], &b = clip.frames[(i + 1) % n];
		while (k < times_us.size() && times_us[k] <= start)
			++k; // the shown frame at the source frame's own time is that frame
		const size_t begin = k;
		while (k < times_us.size() && times_us[k] < end)
			++k;
		std::vector<Blocks> shown{block_means(a, clip.width, clip.height)};
		for (size_t j = begin; j < k; ++j)
			shown.push_back(block_means((*frames)[j], clip.width, clip.height));
		shown.push_back(block_means(b, clip.width, clip.height));
		const double mafd = mean_difference(shown.front(), shown.back()) * 100.0 / 255.0;
		const bool cut = std::min(mafd, std::fabs(mafd - previous_mafd)) >= kCutPercent;
		previous_mafd = mafd;
		if (begin < k && (cut || held_and_jumped(shown))) {
			blend_interval(a, b, start, end, times_us, begin, k, frames);
			++blended;
		}
		start = end;
	}
	return blended;
}

} // namespace adiff
