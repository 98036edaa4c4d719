// Smoothing in real libobs at 30 fps: a square going round a circle in 16 steps (the clip loops by
// construction), read back at fixed clock positions. Off shows only the 16 positions; blend and motion show
// positions in between, the wrap from the last frame to the first included, with no large step; and the
// swap from blended to interpolated frames keeps the position.
#include "playback_test_util.hpp"
#include "obs/source_procs.hpp"

#include "support/circle_clip.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <mutex>

namespace adiff::test {
namespace {

constexpr int kSide = 128;
constexpr int kSamples = 60; // one 2 s loop at OBS's 30 fps

class PlaybackSmoothingTest : public PlaybackTest {
protected:
	std::string circle_clip()
	{
		const std::string path = dir_.file("circle.mp4");
		std::vector<RgbaImage> frames;
		for (int k = 0; k < spec_.steps; ++k)
			frames.push_back(circle_frame(spec_, k));
		ClipSpec clip;
		clip.width = clip.height = kSide;
		clip.fps = 8;
		make_clip(path, frames, clip);
		return path;
	}

	obs_source_t *playing(const std::string &smoothing, const std::string &path = {})
	{
		SourceSettings settings;
		settings.clip_path = path.empty() ? circle_clip() : path;
		settings.smoothing = smoothing;
		obs_source_t *source = create_source(settings);
		EXPECT_TRUE(wait_for_size(source, kSide, kSide));
		return source;
	}

	// Where the square is at clock position `ms` (paused there).
	static Point position_at(obs_source_t *source, int64_t ms)
	{
		obs_source_media_play_pause(source, true);
		obs_source_media_set_time(source, ms);
		EXPECT_TRUE(wait_until([&] { return obs_source_media_get_time(source) == ms; }, 5s)) << ms;
		// One more rendered frame so the graphics thread has picked the frames for this position.
		EXPECT_TRUE(wait_video_time(70));
		const Pixels pixels = render_source(source, kSide, kSide);
		static const std::vector<uint8_t> background = circle_background(CircleClipSpec{});
		if (pixels.width != kSide || pixels.height != kSide)
			return {-1, -1};
		return moving_centroid(pixels.bgra.data(), background.data(), kSide, kSide, size_t(kSide) * 4);
	}

	// One loop sampled at 30 fps, plus the first sample again at the end (the wrap).
	std::vector<Point> one_loop(obs_source_t *source)
	{
		std::vector<Point> points;
		for (int k = 0; k <= kSamples; ++k)
			points.push_back(position_at(source, std::lround(k * 2000.0 / kSamples) % 2000));
		return points;
	}

	double off_grid(Point p) const // distance to the nearest of the 16 source positions
	{
		double best = 1e9;
		for (int k = 0; k < spec_.steps; ++k)
			best = std::min(best, distance(p, circle_position(spec_, k)));
		return best;
	}

	void expect_smooth_loop(const std::vector<Point> &points)
	{
		const double step = source_step(spec_);
		int between = 0;
		for (size_t i = 0; i + 1 < points.size(); ++i) {
			const double moved = distance(points[i], points[i + 1]);
			EXPECT_LT(moved, step * 0.55) << "sample " << i << " to " << i + 1;
			if (off_grid(points[i]) > step * 0.15)
				between++;
		}
		// 30 fps over 8 fps source steps: samples fall at 0, 0.27, 0.53, 0.8, 0.07, ... of a step.
		EXPECT_GT(between, kSamples / 2) << "in-between positions";
		// The wrap: at 1933 ms the square is about halfway from the last frame's position to the first's
		// (the steps around it are checked above).
		const Point halfway = circle_position(spec_, 15.5);
		EXPECT_GT(off_grid(points[58]), step * 0.3) << "wrap sample 58";
		EXPECT_LT(distance(points[58], halfway), step * 0.25) << "wrap sample 58";
	}

	static nlohmann::json get_status(obs_source_t *source) { return source_status(source); }

	CircleClipSpec spec_;
};

TEST_F(PlaybackSmoothingTest, GetStatusReportsTheSmoothingState)
{
	LogCapture log;
	obs_source_t *source = playing("motion");
	ASSERT_TRUE(wait_until([&] { return log.contains("clip smoothed:"); }, 60s));
	ASSERT_TRUE(wait_until([&] { return get_status(source).value("smoothed", false); }, 10s));
	const nlohmann::json status = get_status(source);
	EXPECT_EQ(status.value("smoothing", ""), "motion");
	EXPECT_EQ(status.value("smooth_fps", 0), 30);
	EXPECT_FALSE(status.value("smooth_reduced", true));
}

TEST_F(PlaybackSmoothingTest, OverTheMemoryBudgetItBlendsAndSaysSo)
{
	// 16 frames of 512x512 fill a 16 MiB budget: no room for interpolated frames.
	LogCapture log;
	const std::string path = dir_.file("model.mp4");
	make_model_like_mp4(path);
	obs_source_t *source = create_source(SourceSettings{});
	obs_data_t *patch = obs_data_create();
	obs_data_set_int(patch, "memory_budget_mb", 16);
	obs_data_set_string(patch, "smoothing", "motion");
	obs_data_set_string(patch, "clip_path", path.c_str());
	obs_source_update(source, patch);
	obs_data_release(patch);
	ASSERT_TRUE(wait_for_size(source, 512, 512)); // full size: the plain clip fits
	ASSERT_TRUE(wait_until([&] { return log.contains("clip not smoothed: " + path + ": over_budget"); }, 30s));
	const nlohmann::json status = get_status(source);
	EXPECT_EQ(status.value("smoothing", ""), "motion");
	EXPECT_FALSE(status.value("smoothed", true));
	EXPECT_EQ(status.value("smooth_fps", -1), 0);
}

// A clip of the clips folder (a generated one) is interpolated once: its smoothed frames are kept beside it,
// and the next source to play it (a restart, a rotation back to it) shows them without interpolating.
TEST_F(PlaybackSmoothingTest, AKeptClipIsSmoothedOnceAndShownSmoothAtTheNextLoad)
{
	LogCapture log;
	const std::string clips = env_.plugin_config_dir() + "/clips";
	std::filesystem::create_directories(clips);
	const std::string path = clips + "/" + std::string(64, 'c') + ".mp4";
	std::filesystem::copy_file(circle_clip(), path);
	playing("motion", path);
	ASSERT_TRUE(wait_until([&] { return log.contains("smooth cache: kept"); }, 60s));
	const std::string kept = path + ".adiff-smooth-30-loop.mkv";
	EXPECT_TRUE(std::filesystem::exists(kept));
	const int interpolations = log.count("interpolator:");
	EXPECT_EQ(interpolations, 1);

	obs_source_t *again = playing("motion", path);
	ASSERT_TRUE(wait_until([&] { return log.contains("kept from an earlier run"); }, 60s));
	EXPECT_EQ(log.count("interpolator:"), interpolations) << "interpolated again";
	ASSERT_TRUE(wait_until([&] { return get_status(again).value("smoothed", false); }, 10s));
	expect_smooth_loop(one_loop(again));
}

TEST_F(PlaybackSmoothingTest, TheSmoothingChangedSignalSaysWhenTheSmoothLoopIsInPlace)
{
	struct Received {
		std::mutex mutex;
		bool smoothed = false;
		long long fps = 0;
		std::string json;
	} received;
	auto on_signal = [](void *data, calldata_t *cd) {
		auto *r = static_cast<Received *>(data);
		std::lock_guard<std::mutex> lock(r->mutex);
		r->smoothed = calldata_bool(cd, "smoothed");
		r->fps = calldata_int(cd, "smooth_fps");
		r->json = calldata_string(cd, "json") ? calldata_string(cd, "json") : "";
	};
	SourceSettings settings;
	settings.clip_path = circle_clip();
	settings.smoothing = "off"; // connected before motion smoothing starts
	obs_source_t *source = create_source(settings);
	signal_handler_t *sh = obs_source_get_signal_handler(source);
	signal_handler_connect(sh, "smoothing_changed", on_signal, &received);
	obs_data_t *patch = obs_data_create();
	obs_data_set_string(patch, "smoothing", "motion");
	obs_source_update(source, patch);
	obs_data_release(patch);
	const bool arrived = wait_until(
		[&] {
			std::lock_guard<std::mutex> lock(received.mutex);
			return received.smoothed;
		},
		60s);
	signal_handler_disconnect(sh, "smoothing_changed", on_signal, &received);
	ASSERT_TRUE(arrived);
	std::lock_guard<std::mutex> lock(received.mutex);
	EXPECT_EQ(received.fps, 30);
	const nlohmann::json state = nlohmann::json::parse(received.json);
	EXPECT_EQ(state.value("smoothing", ""), "motion");
	EXPECT_TRUE(state.value("smoothed", false));
	EXPECT_EQ(state.value("smooth_fps", 0), 30);
	EXPECT_FALSE(state.value("smooth_reduced", true));
}

TEST_F(PlaybackSmoothingTest, OffShowsOnlyTheSixteenSourcePositions)
{
	obs_source_t *source = playing("off");
	const std::vector<Point> points = one_loop(source);
	for (size_t i = 0; i < points.size(); ++i)
		EXPECT_LT(off_grid(points[i]), 2.0) << "sample " << i;
}

TEST_F(PlaybackSmoothingTest, BlendShowsPositionsInBetweenIncludingTheWrap)
{
	obs_source_t *source = playing("blend");
	expect_smooth_loop(one_loop(source));
}

TEST_F(PlaybackSmoothingTest, MotionShowsInterpolatedPositionsIncludingTheWrap)
{
	LogCapture log;
	obs_source_t *source = playing("motion");
	ASSERT_TRUE(wait_until([&] { return log.contains("clip smoothed:"); }, 60s));
	ASSERT_TRUE(wait_video_time(200)); // the interpolated frames go up to the GPU over a few ticks
	expect_smooth_loop(one_loop(source));
}

TEST_F(PlaybackSmoothingTest, SwapFromBlendedToInterpolatedFramesKeepsThePosition)
{
	LogCapture log;
	obs_source_t *source = playing("blend");
	const int64_t instants[] = {1930, 700};
	std::vector<Point> before;
	for (int64_t ms : instants)
		before.push_back(position_at(source, ms));
	// Motion on: the same clip is interpolated and its frames replace the blended ones on the same clock.
	obs_data_t *patch = obs_data_create();
	obs_data_set_string(patch, "smoothing", "motion");
	obs_source_update(source, patch);
	obs_data_release(patch);
	ASSERT_TRUE(wait_until([&] { return log.contains("clip smoothed:"); }, 60s));
	ASSERT_TRUE(wait_video_time(200));
	for (size_t i = 0; i < before.size(); ++i) {
		const Point after = position_at(source, instants[i]);
		EXPECT_LT(distance(before[i], after), source_step(spec_) * 0.2)
			<< "at " << instants[i] << " ms: (" << before[i].x << "," << before[i].y << ") -> (" << after.x
			<< "," << after.y << ")";
	}
}

TEST_F(PlaybackSmoothingTest, ANewerClipCancelsTheInterpolationInFlight)
{
	// The model's 512x512 clip at 60 fps takes many seconds to interpolate; the worker runs one job at a
	// time, so the small clip's frames can only come first if the big one's interpolation was canceled.
	LogCapture log;
	const std::string big = dir_.file("model.mp4");
	make_model_like_mp4(big);
	SourceSettings settings;
	settings.clip_path = big;
	settings.smoothing = "motion";
	settings.smooth_fps = 60;
	obs_source_t *source = create_source(settings);
	ASSERT_TRUE(wait_for_size(source, 512, 512)); // decoded: its interpolation has started
	const std::string small = circle_clip();
	set_clip_path(source, small);
	ASSERT_TRUE(wait_until([&] { return log.contains("clip smoothed: " + small); }, 60s));
	EXPECT_FALSE(log.contains("clip smoothed: " + big)) << "the superseded clip was interpolated to the end";
}

} // namespace
} // namespace adiff::test
