// One libavfilter graph that makes motion-compensated in-between frames: RGBA pictures in at their own
// times, FFmpeg's minterpolate, RGBA pictures out at a fixed rate. Owns every libav object it creates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace adiff {

// The minterpolate options used everywhere (the player and the benchmark's ffmpeg command line), so a
// comparison with the CLI runs the very same filter.
// `width` and `height` set how far the motion search looks.
std::string minterpolate_options(int fps, int width, int height);

class MinterpolateGraph {
public:
	MinterpolateGraph();
	~MinterpolateGraph();
	MinterpolateGraph(const MinterpolateGraph &) = delete;
	MinterpolateGraph &operator=(const MinterpolateGraph &) = delete;

	// Builds buffer -> format -> minterpolate -> format=rgba -> buffersink. "" when ready, else libav's
	// message.
	std::string open(int width, int height, int fps);
	// Copies one width*height*4 RGBA picture shown from pts_us (microseconds, increasing) into the graph.
	std::string push(const uint8_t *rgba, int64_t pts_us);
	std::string finish(); // no more input: the filter may then give its last frames
	// The next output picture: true with it (tightly packed RGBA) and its time; false when none is ready
	// now (more input needed) or the graph has ended (ended() says which).
	bool pull(std::vector<uint8_t> *rgba, int64_t *pts_us);
	bool ended() const { return ended_; }
	const std::string &error() const { return error_; }

private:
	struct Av;
	std::unique_ptr<Av> av_;
	int width_ = 0, height_ = 0;
	bool ended_ = false;
	std::string error_;
};

} // namespace adiff
