// Real libobs in a test process: OpenGL on Mesa under Xvfb, the built module opened by path.
// One ObsEnv per test (each gtest runs in its own process under ctest).
#pragma once

#include <obs.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace adiff::test {

struct ObsEnvOptions {
	uint32_t width = 512, height = 512; // base and output canvas
	uint32_t fps = 30;
	const char *locale = "en-US";
	bool load_plugin = true;
	std::vector<std::string> system_modules; // e.g. "obs-ffmpeg" to compare with OBS's Media Source
	// Module config folder (clips, token file). Empty: a private temporary folder removed at the end.
	std::string config_dir;
};

class ObsEnv {
public:
	explicit ObsEnv(const ObsEnvOptions &options = {});
	~ObsEnv(); // obs_shutdown; the leak count is checked by shutdown_and_count_leaks() when asked
	ObsEnv(const ObsEnv &) = delete;
	ObsEnv &operator=(const ObsEnv &) = delete;

	bool ok() const { return ok_; }
	// The plugin's own config folder: <config_dir>/obs-animatediff (clips/, tokens.json).
	std::string plugin_config_dir() const { return config_dir_ + "/obs-animatediff"; }
	const std::string &error() const { return error_; }

	// Shuts libobs down now and returns bnum_allocs() (0 = nothing leaked). The destructor is then a no-op.
	long shutdown_and_count_leaks();

private:
	bool ok_ = false;
	bool shut_down_ = false;
	std::string error_;
	std::string config_dir_;
	bool owns_config_dir_ = false;
	void *display_ = nullptr;
};

struct Pixels {
	uint32_t width = 0, height = 0;
	std::vector<uint8_t> bgra; // width*height*4, top row first
	// RGBA of one pixel, 0xRRGGBBAA.
	uint32_t rgba_at(uint32_t x, uint32_t y) const;
	bool empty() const { return bgra.empty(); }
};

// Renders `source` alone into a w x h texture on the graphics thread and reads it back.
Pixels render_source(obs_source_t *source, uint32_t width, uint32_t height);

// Waits (polling with a short yield, bounded by `timeout`) until `condition` holds. Returns whether it did.
bool wait_until(const std::function<bool()> &condition, std::chrono::milliseconds timeout);

// True when every channel of two 0xRRGGBBAA colours differs by at most `tolerance`.
bool colour_near(uint32_t actual, uint32_t expected, int tolerance = 12);
std::string colour_hex(uint32_t rgba);

} // namespace adiff::test
