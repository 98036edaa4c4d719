#include "support/circle_clip.hpp"

#include <cmath>

namespace adiff::test {

Point circle_position(const CircleClipSpec &spec, double step)
{
	const double angle = 2.0 * M_PI * step / spec.steps;
	return {spec.size / 2.0 + spec.radius * std::cos(angle), spec.size / 2.0 + spec.radius * std::sin(angle)};
}

CircleClipSpec textured_circle_spec(int size)
{
	CircleClipSpec spec;
	spec.size = size;
	spec.radius = size * 5 / 16;
	spec.square = size / 8;
	spec.background = CircleClipSpec::Background::Pattern;
	return spec;
}

namespace {

uint32_t hash2(uint32_t x, uint32_t y)
{
	return x * 73856093u ^ y * 19349663u; // unsigned: wraps, no UB
}

// 0..100 (never "bright"): 16-pixel tiles of random grey, diagonal stripes across them, a little grain.
uint8_t pattern_value(int x, int y)
{
	const uint32_t tile = hash2(uint32_t(x / 16), uint32_t(y / 16)) >> 9;
	const int stripes = ((x + 2 * y) / 6) % 2 ? 30 : 0;
	return uint8_t(int(tile % 60) + stripes + int((hash2(uint32_t(x), uint32_t(y)) >> 11) % 11));
}

} // namespace

std::vector<uint8_t> circle_background(const CircleClipSpec &spec)
{
	std::vector<uint8_t> rgba(size_t(spec.size) * spec.size * 4, 255);
	const bool pattern = spec.background == CircleClipSpec::Background::Pattern;
	for (int y = 0; y < spec.size; ++y) {
		for (int x = 0; x < spec.size; ++x) {
			uint8_t *p = &rgba[(size_t(y) * spec.size + x) * 4];
			// 20..99 noise, never "bright"
			p[0] = p[1] = p[2] = pattern ? pattern_value(x, y)
						     : uint8_t(20 + (hash2(uint32_t(x), uint32_t(y)) >> 7) % 80);
		}
	}
	return rgba;
}

std::vector<uint8_t> circle_frame(const CircleClipSpec &spec, int step)
{
	std::vector<uint8_t> rgba = circle_background(spec);
	const Point centre = circle_position(spec, step);
	const int x0 = int(std::lround(centre.x - spec.square / 2.0));
	const int y0 = int(std::lround(centre.y - spec.square / 2.0));
	const bool disc = spec.background == CircleClipSpec::Background::Pattern;
	const double r = spec.square / 2.0;
	for (int y = y0; y < y0 + spec.square; ++y) {
		for (int x = x0; x < x0 + spec.square; ++x) {
			if (x < 0 || y < 0 || x >= spec.size || y >= spec.size)
				continue;
			if (disc && std::hypot(x + 0.5 - (x0 + r), y + 0.5 - (y0 + r)) > r)
				continue;
			uint8_t *p = &rgba[(size_t(y) * spec.size + x) * 4];
			p[0] = p[1] = p[2] = ((x - x0) / 4 + (y - y0) / 4) % 2 ? 255 : 215;
		}
	}
	return rgba;
}

namespace {

// The centroid of `weight(x, y)` over the picture; {-1, -1} when every weight is 0.
template<typename Weight> Point weighted_centroid(int width, int height, Weight weight)
{
	double sum = 0, sx = 0, sy = 0;
	for (int y = 0; y < height; ++y) {
		for (int x = 0; x < width; ++x) {
			const double v = weight(x, y);
			sum += v;
			sx += v * (x + 0.5);
			sy += v * (y + 0.5);
		}
	}
	if (sum <= 0)
		return {-1, -1};
	return {sx / sum, sy / sum};
}

} // namespace

Point bright_centroid(const uint8_t *rgba, int width, int height, size_t pitch)
{
	return weighted_centroid(width, height, [&](int x, int y) {
		// Bright = the square (the background stays below 100); a blend of two squares counts half.
		const int g = rgba[pitch * size_t(y) + size_t(x) * 4 + 1];
		return g > 140 ? double(g - 100) : 0.0;
	});
}

Point moving_centroid(const uint8_t *rgba, const uint8_t *background, int width, int height, size_t pitch)
{
	// Below this a difference is the codec's noise on the textured background.
	constexpr int kNoise = 40;
	return weighted_centroid(width, height, [&](int x, int y) {
		const size_t at = pitch * size_t(y) + size_t(x) * 4 + 1;
		const int diff = int(rgba[at]) - int(background[at]);
		return diff > kNoise ? double(diff) : 0.0;
	});
}

double distance(Point a, Point b)
{
	return std::hypot(a.x - b.x, a.y - b.y);
}

double source_step(const CircleClipSpec &spec)
{
	return distance(circle_position(spec, 0), circle_position(spec, 1));
}

} // namespace adiff::test
