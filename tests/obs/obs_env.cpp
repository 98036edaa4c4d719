#include "obs/obs_env.hpp"

#include <obs-module.h>
#include <obs-nix-platform.h>
#include <graphics/graphics.h>

#include <X11/Xlib.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace adiff::test {

ObsEnv::ObsEnv(const ObsEnvOptions &options)
{
	Display *display = XOpenDisplay(nullptr);
	if (!display) {
		error_ = "no X display (run the libobs tests under xvfb-run -a)";
		return;
	}
	display_ = display;
	obs_set_nix_platform(OBS_NIX_PLATFORM_X11_EGL);
	obs_set_nix_platform_display(display);
	config_dir_ = options.config_dir;
	if (config_dir_.empty()) {
		std::string pattern = "/tmp/adiff-obs-XXXXXX";
		if (!mkdtemp(pattern.data())) {
			error_ = "mkdtemp failed";
			return;
		}
		config_dir_ = pattern;
		owns_config_dir_ = true;
	}
	if (!obs_startup(options.locale, config_dir_.c_str(), nullptr)) {
		error_ = "obs_startup failed";
		return;
	}

	obs_video_info ovi = {};
	ovi.graphics_module = "libobs-opengl";
	ovi.fps_num = options.fps;
	ovi.fps_den = 1;
	ovi.base_width = ovi.output_width = options.width;
	ovi.base_height = ovi.output_height = options.height;
	ovi.output_format = VIDEO_FORMAT_BGRA; // RGBA gives all-zero raw frames in OBS 29
	ovi.colorspace = VIDEO_CS_SRGB;
	ovi.range = VIDEO_RANGE_FULL;
	ovi.scale_type = OBS_SCALE_BILINEAR;
	ovi.adapter = 0;
	ovi.gpu_conversion = true;
	if (obs_reset_video(&ovi) != OBS_VIDEO_SUCCESS) {
		error_ = "obs_reset_video failed";
		return;
	}
	obs_audio_info oai = {48000, SPEAKERS_STEREO};
	if (!obs_reset_audio(&oai)) {
		error_ = "obs_reset_audio failed";
		return;
	}

	for (const std::string &name : options.system_modules) {
		obs_module_t *module = nullptr;
		std::string bin = "/usr/lib/x86_64-linux-gnu/obs-plugins/" + name + ".so";
		std::string data = "/usr/share/obs/obs-plugins/" + name;
		if (obs_open_module(&module, bin.c_str(), data.c_str()) != MODULE_SUCCESS || !obs_init_module(module)) {
			error_ = "could not load system module " + name;
			return;
		}
	}
	if (options.load_plugin) {
		obs_module_t *module = nullptr;
		int rc = obs_open_module(&module, ADIFF_MODULE_PATH, ADIFF_DATA_PATH);
		if (rc != MODULE_SUCCESS) {
			error_ = "obs_open_module(" ADIFF_MODULE_PATH ") failed: " + std::to_string(rc);
			return;
		}
		if (!obs_init_module(module)) {
			error_ = "obs_init_module failed";
			return;
		}
		obs_post_load_modules();
	}
	ok_ = true;
}

long ObsEnv::shutdown_and_count_leaks()
{
	if (!shut_down_) {
		shut_down_ = true;
		if (obs_initialized())
			obs_shutdown();
		if (display_)
			XCloseDisplay(static_cast<Display *>(display_));
		display_ = nullptr;
		if (owns_config_dir_) {
			std::error_code ec;
			std::filesystem::remove_all(config_dir_, ec);
		}
	}
	return bnum_allocs();
}

ObsEnv::~ObsEnv()
{
	shutdown_and_count_leaks();
}

uint32_t Pixels::rgba_at(uint32_t x, uint32_t y) const
{
	const uint8_t *p = &bgra[(size_t(y) * width + x) * 4];
	return (uint32_t(p[2]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[0]) << 8) | p[3];
}

Pixels render_source(obs_source_t *source, uint32_t width, uint32_t height)
{
	Pixels out;
	obs_enter_graphics();
	gs_texrender_t *texrender = gs_texrender_create(GS_BGRA, GS_ZS_NONE);
	gs_stagesurf_t *stage = gs_stagesurface_create(width, height, GS_BGRA);
	if (gs_texrender_begin(texrender, width, height)) {
		vec4 clear;
		vec4_zero(&clear);
		gs_clear(GS_CLEAR_COLOR, &clear, 0.0f, 0);
		gs_ortho(0.0f, float(width), 0.0f, float(height), -100.0f, 100.0f);
		gs_blend_state_push();
		gs_blend_function(GS_BLEND_ONE, GS_BLEND_ZERO);
		obs_source_video_render(source);
		gs_blend_state_pop();
		gs_texrender_end(texrender);

		gs_stage_texture(stage, gs_texrender_get_texture(texrender));
		uint8_t *data = nullptr;
		uint32_t linesize = 0;
		if (gs_stagesurface_map(stage, &data, &linesize)) {
			out.width = width;
			out.height = height;
			out.bgra.resize(size_t(width) * height * 4);
			for (uint32_t y = 0; y < height; y++)
				memcpy(&out.bgra[size_t(y) * width * 4], data + size_t(y) * linesize,
				       size_t(width) * 4);
			gs_stagesurface_unmap(stage);
		}
	}
	gs_stagesurface_destroy(stage);
	gs_texrender_destroy(texrender);
	obs_leave_graphics();
	return out;
}

bool wait_until(const std::function<bool()> &condition, std::chrono::milliseconds timeout)
{
	auto deadline = std::chrono::steady_clock::now() + timeout;
	while (!condition()) {
		if (std::chrono::steady_clock::now() > deadline)
			return condition();
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	}
	return true;
}

bool colour_near(uint32_t actual, uint32_t expected, int tolerance)
{
	for (int shift = 0; shift < 32; shift += 8) {
		int a = int((actual >> shift) & 0xff), e = int((expected >> shift) & 0xff);
		if (std::abs(a - e) > tolerance)
			return false;
	}
	return true;
}

std::string colour_hex(uint32_t rgba)
{
	char buffer[16];
	snprintf(buffer, sizeof(buffer), "#%08" PRIx32, rgba);
	return buffer;
}

} // namespace adiff::test
