// A clip that loops by construction: a bright square moving around a circle in N equal steps, so frame N
// would be frame 0 again. Used to check that smoothing makes in-between positions, wrap included.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adiff::test {

struct CircleClipSpec {
	int size = 128;  // width = height
	int steps = 16;  // frames per turn
	int radius = 40; // of the circle the square's centre follows
	int square = 28; // side of the square
	// Noise: fine per-pixel noise (the first circle clip). Pattern: a high-contrast, larger-scale texture
	// (tiles and stripes over the whole dark range), as a generated clip's scenery gives; the square is
	// then a disc, like the clip a user reported stuttering.
	enum class Background { Noise, Pattern } background = Background::Noise;
};

// The textured variant at the model's size: 512x512, a disc moving 60 px a source step.
CircleClipSpec textured_circle_spec(int size = 512);

struct Point {
	double x = 0, y = 0;
};

// Centre of the square in frame `step` (may be fractional: positions between frames).
Point circle_position(const CircleClipSpec &spec, double step);
// Frame `step`: a still, textured dark background (block matching needs texture) with a bright checked
// square, width*height*4 RGBA bytes.
std::vector<uint8_t> circle_frame(const CircleClipSpec &spec, int step);
// Brightness-weighted centre of an RGBA picture (row pitch = width*4); {-1,-1} when all black.
Point bright_centroid(const uint8_t *rgba, int width, int height, size_t pitch);
// The same over what differs from `background` (same size and pitch): exact for a blend of two frames,
// whatever their mix, since the difference is linear in it.
Point moving_centroid(const uint8_t *rgba, const uint8_t *background, int width, int height, size_t pitch);
// Frame without the square.
std::vector<uint8_t> circle_background(const CircleClipSpec &spec);
double distance(Point a, Point b);
// Distance the square moves in one source step.
double source_step(const CircleClipSpec &spec);

} // namespace adiff::test
