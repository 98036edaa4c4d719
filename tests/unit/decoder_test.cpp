// Decoding real clips made with the ffmpeg CLI: colours, sizes, durations, alpha, memory budget, errors.
#include "core/media/decoder.hpp"
#include "core/util/log.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <set>

namespace adiff::test {
namespace {

constexpr int kTolerance = 12; // per channel, for colours that went through YUV and a lossy codec

// The clips the tests decode, each made on first use (ctest runs every test in its own process, so a test
// only pays for the clips it needs).
class Fixtures {
public:
	const std::vector<Rgba> odd_colours{colour::blue, colour::white, colour::red};
	const std::vector<Rgba> offset_colours{colour::green, colour::red, colour::blue, colour::white};
	const std::vector<int> gif_delays_cs{10, 30, 60};
	const std::vector<Rgba> gif_colours{colour::red, colour::green, colour::blue};
	const std::vector<Rgba> webm_colours{colour::red, colour::green, colour::blue, colour::white};

	std::string missing() const { return dir_.file("no-such-clip.mp4"); }
	std::string mp4()
	{
		return once("model.mp4", [](const std::string &path) { make_model_like_mp4(path); });
	}
	std::string odd()
	{
		return once("odd.mp4", [this](const std::string &path) {
			make_colour_clip(path, odd_colours, 8, 33, 17, ClipCodec::H264Yuv444Mp4);
		});
	}
	std::string streamed()
	{
		return once("streamed.mkv", [](const std::string &path) {
			make_colour_clip(path, model_like_colours(), 8, 64, 64, ClipCodec::H264StreamedMkv);
		});
	}
	std::string offset()
	{
		return once("offset.mp4", [this](const std::string &path) {
			ClipSpec spec;
			spec.width = spec.height = 64;
			spec.start_offset_seconds = 2.5;
			std::vector<RgbaImage> frames;
			for (Rgba c : offset_colours)
				frames.push_back(solid_image(64, 64, c));
			make_clip(path, frames, spec);
		});
	}
	// The top-left 16x16 corner is transparent in every frame.
	std::string gif()
	{
		return once("delays.gif", [this](const std::string &path) {
			ClipSpec spec;
			spec.width = spec.height = 64;
			spec.codec = ClipCodec::TransparentGif;
			spec.gif_delays_cs = gif_delays_cs;
			std::vector<RgbaImage> frames;
			for (Rgba c : gif_colours) {
				frames.push_back(solid_image(64, 64, c));
				fill_rect(frames.back(), 64, 0, 0, 16, 16, colour::transparent);
			}
			make_clip(path, frames, spec);
		});
	}
	// The left half is transparent, the right half opaque colour.
	std::string webm()
	{
		return once("alpha.webm", [this](const std::string &path) {
			ClipSpec spec;
			spec.width = spec.height = 64;
			spec.codec = ClipCodec::Vp9AlphaWebm;
			std::vector<RgbaImage> frames;
			for (Rgba c : webm_colours) {
				frames.push_back(solid_image(64, 64, c));
				fill_rect(frames.back(), 64, 0, 0, 32, 64, colour::transparent);
			}
			make_clip(path, frames, spec);
		});
	}
	std::string audio()
	{
		return once("audio.mp4", [](const std::string &path) { make_audio_only_mp4(path); });
	}
	std::string truncated()
	{
		const std::string source = mp4();
		return once("truncated.mp4", [&](const std::string &path) { make_truncated_copy(source, path, 0.5); });
	}
	std::string garbled()
	{
		const std::string source = mp4();
		return once("garbled.mp4", [&](const std::string &path) { make_garbled_mp4(source, path, 99); });
	}
	std::string zero()
	{
		return once("zero.mp4", [](const std::string &path) { make_zero_byte_file(path); });
	}
	std::string random()
	{
		return once("random.mp4",
			    [](const std::string &path) { make_random_bytes_file(path, 64 * 1024, 1234); });
	}
	std::string text()
	{
		return once("text.mp4", [](const std::string &path) { make_text_file(path); });
	}

private:
	std::string once(const std::string &name, const std::function<void(const std::string &)> &make)
	{
		const std::string path = dir_.file(name);
		if (made_.insert(name).second) {
			try {
				make(path); // throws (failing the test) when ffmpeg is missing or fails
			} catch (...) {
				made_.erase(name);
				throw;
			}
		}
		return path;
	}

	TempDir dir_;
	std::set<std::string> made_;
};

Fixtures &fixtures()
{
	static Fixtures made;
	return made;
}

Rgba pixel(const DecodedClip &clip, size_t frame, int x, int y)
{
	const uint8_t *p = &clip.frames.at(frame).at((size_t(y) * clip.width + x) * 4);
	return Rgba{p[0], p[1], p[2], p[3]};
}

testing::AssertionResult near_colour(Rgba actual, Rgba expected, int tolerance = kTolerance)
{
	const int diffs[] = {actual.r - expected.r, actual.g - expected.g, actual.b - expected.b,
			     actual.a - expected.a};
	for (int diff : diffs) {
		if (std::abs(diff) > tolerance)
			return testing::AssertionFailure()
			       << to_string(actual) << " is not within " << tolerance << " of " << to_string(expected);
	}
	return testing::AssertionSuccess();
}

DecodeResult decode_ok(const std::string &path, const DecodeOptions &options = {})
{
	DecodeResult result = decode_clip(path, options);
	EXPECT_TRUE(result.ok()) << decode_error_id(result.error) << ": " << result.detail;
	return result;
}

TEST(Decoder, ModelLikeMp4HasEveryFrameInItsColourAndOrder)
{
	const DecodeResult result = decode_ok(fixtures().mp4());
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	const std::vector<Rgba> colours = model_like_colours();
	ASSERT_EQ(clip.frames.size(), colours.size());
	EXPECT_EQ(clip.width, 512);
	EXPECT_EQ(clip.height, 512);
	EXPECT_EQ(clip.source_width, 512);
	EXPECT_EQ(clip.source_height, 512);
	EXPECT_FALSE(clip.downscaled);
	EXPECT_FALSE(clip.has_alpha);
	EXPECT_EQ(clip.bytes(), 512ull * 512 * 4 * colours.size());
	for (size_t k = 0; k < colours.size(); ++k) {
		ASSERT_EQ(clip.frames[k].size(), 512u * 512 * 4);
		for (auto [x, y] : {std::pair{0, 0}, {511, 0}, {0, 511}, {511, 511}, {256, 256}})
			EXPECT_TRUE(near_colour(pixel(clip, k, x, y), colours[k]))
				<< "frame " << k << " at " << x << "," << y;
	}
}

TEST(Decoder, EightFpsFramesLastAnEighthOfASecondEach)
{
	const DecodeResult result = decode_ok(fixtures().mp4());
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	ASSERT_EQ(clip.durations_us.size(), clip.frames.size());
	for (int64_t us : clip.durations_us)
		EXPECT_EQ(us, 125000);
	EXPECT_EQ(clip.duration_us, 16 * 125000);
}

TEST(Decoder, OddSizeKeepsExactDimensionsAndEdgePixels)
{
	Fixtures &f = fixtures();
	const DecodeResult result = decode_ok(f.odd());
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	EXPECT_EQ(clip.width, 33);
	EXPECT_EQ(clip.height, 17);
	ASSERT_EQ(clip.frames.size(), f.odd_colours.size());
	for (size_t k = 0; k < clip.frames.size(); ++k) {
		EXPECT_EQ(clip.frames[k].size(), 33u * 17 * 4);
		EXPECT_TRUE(near_colour(pixel(clip, k, 32, 16), f.odd_colours[k])) << "frame " << k;
		EXPECT_TRUE(near_colour(pixel(clip, k, 0, 0), f.odd_colours[k])) << "frame " << k;
	}
}

TEST(Decoder, NonZeroStartTimeStillShowsTheFirstFrameFirst)
{
	Fixtures &f = fixtures();
	const DecodeResult result = decode_ok(f.offset());
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	ASSERT_EQ(clip.frames.size(), f.offset_colours.size());
	for (size_t k = 0; k < clip.frames.size(); ++k)
		EXPECT_TRUE(near_colour(pixel(clip, k, 32, 32), f.offset_colours[k])) << "frame " << k;
	for (int64_t us : clip.durations_us)
		EXPECT_EQ(us, 125000);
	EXPECT_EQ(clip.duration_us, 4 * 125000);
}

TEST(Decoder, GifKeepsEachFramesOwnDelayAndItsTransparency)
{
	Fixtures &f = fixtures();
	const DecodeResult result = decode_ok(f.gif());
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	ASSERT_EQ(clip.frames.size(), f.gif_colours.size());
	ASSERT_EQ(clip.durations_us.size(), f.gif_delays_cs.size());
	for (size_t k = 0; k < f.gif_delays_cs.size(); ++k)
		EXPECT_EQ(clip.durations_us[k], f.gif_delays_cs[k] * int64_t(10000)) << "frame " << k;
	EXPECT_EQ(clip.duration_us, (10 + 30 + 60) * int64_t(10000));
	EXPECT_TRUE(clip.has_alpha);
	for (size_t k = 0; k < clip.frames.size(); ++k) {
		EXPECT_EQ(pixel(clip, k, 3, 3).a, 0) << "frame " << k << " transparent corner";
		EXPECT_TRUE(near_colour(pixel(clip, k, 40, 40), f.gif_colours[k])) << "frame " << k;
	}
}

TEST(Decoder, WebmVp9KeepsItsAlphaChannel)
{
	Fixtures &f = fixtures();
	const DecodeResult result = decode_ok(f.webm());
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	ASSERT_EQ(clip.frames.size(), f.webm_colours.size());
	EXPECT_TRUE(clip.has_alpha);
	for (size_t k = 0; k < clip.frames.size(); ++k) {
		EXPECT_LE(pixel(clip, k, 8, 32).a, kTolerance) << "frame " << k << " left half is transparent";
		EXPECT_TRUE(near_colour(pixel(clip, k, 56, 32), f.webm_colours[k])) << "frame " << k;
	}
	for (int64_t us : clip.durations_us)
		EXPECT_EQ(us, 125000);
}

TEST(Decoder, MemoryBudgetScalesFramesDownButKeepsThemAll)
{
	DecodeOptions options;
	options.memory_budget_bytes = 16ull * 256 * 256 * 4; // a quarter of what 512x512 needs
	const DecodeResult result = decode_ok(fixtures().mp4(), options);
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	EXPECT_TRUE(clip.downscaled);
	EXPECT_EQ(clip.source_width, 512);
	EXPECT_EQ(clip.source_height, 512);
	EXPECT_LE(clip.width, 256);
	EXPECT_GE(clip.width, 200); // scaled to fit, not needlessly tiny
	EXPECT_EQ(clip.width, clip.height);
	EXPECT_EQ(clip.frames.size(), 16u);
	EXPECT_LE(clip.bytes(), options.memory_budget_bytes);
	const std::vector<Rgba> colours = model_like_colours();
	for (size_t k = 0; k < clip.frames.size(); ++k) {
		EXPECT_EQ(clip.frames[k].size(), size_t(clip.width) * clip.height * 4);
		EXPECT_TRUE(near_colour(pixel(clip, k, clip.width / 2, clip.height / 2), colours[k])) << "frame " << k;
	}
	EXPECT_EQ(clip.duration_us, 16 * 125000);
}

TEST(Decoder, UnknownLengthStopsAtTheBudgetWithAPlayableClip)
{
	DecodeOptions options;
	options.memory_budget_bytes = 3ull * 64 * 64 * 4 + 100; // room for three of the sixteen frames
	const DecodeResult result = decode_ok(fixtures().streamed(), options);
	ASSERT_TRUE(result.ok());
	const DecodedClip &clip = *result.clip;
	EXPECT_EQ(clip.frames.size(), 3u);
	EXPECT_LE(clip.bytes(), options.memory_budget_bytes);
	const std::vector<Rgba> colours = model_like_colours();
	for (size_t k = 0; k < clip.frames.size(); ++k)
		EXPECT_TRUE(near_colour(pixel(clip, k, 32, 32), colours[k])) << "frame " << k;
	ASSERT_EQ(clip.durations_us.size(), 3u);
	for (int64_t us : clip.durations_us)
		EXPECT_EQ(us, 125000);
}

TEST(Decoder, CancelFlagStopsTheDecode)
{
	CancelFlag cancel;
	cancel.cancel();
	DecodeOptions options;
	options.cancel = &cancel;
	const DecodeResult result = decode_clip(fixtures().mp4(), options);
	EXPECT_EQ(result.error, DecodeError::Canceled);
	EXPECT_FALSE(result.ok());
	EXPECT_EQ(result.clip, nullptr);
}

TEST(Decoder, CancelDuringTheDecodeGivesNoPartialClip)
{
	// The decoder logs the downscale right after the first frame; cancel at that moment, mid-clip.
	CancelFlag cancel;
	set_log_sink([&](LogLevel, const std::string &, const std::string &line) {
		if (line.find("scaled down") != std::string::npos)
			cancel.cancel();
	});
	DecodeOptions options;
	options.cancel = &cancel;
	options.memory_budget_bytes = 16ull * 128 * 128 * 4;
	const DecodeResult result = decode_clip(fixtures().mp4(), options);
	set_log_sink(nullptr);
	EXPECT_TRUE(cancel.canceled()); // the decode really was under way
	EXPECT_EQ(result.error, DecodeError::Canceled);
	EXPECT_EQ(result.clip, nullptr);
}

TEST(Decoder, DirectoryIsNotAClip)
{
	TempDir dir;
	const DecodeResult result = decode_clip(dir.path());
	EXPECT_EQ(result.error, DecodeError::OpenFailed);
}

TEST(Decoder, MissingFileIsNotFound)
{
	const DecodeResult result = decode_clip(fixtures().missing());
	EXPECT_EQ(result.error, DecodeError::NotFound);
	EXPECT_FALSE(result.ok());
}

TEST(Decoder, ZeroByteFileIsEmpty)
{
	const DecodeResult result = decode_clip(fixtures().zero());
	EXPECT_EQ(result.error, DecodeError::Empty);
	EXPECT_FALSE(result.detail.empty());
}

TEST(Decoder, TextFileNamedMp4FailsToOpen)
{
	const DecodeResult result = decode_clip(fixtures().text());
	EXPECT_EQ(result.error, DecodeError::OpenFailed);
	EXPECT_FALSE(result.detail.empty());
}

TEST(Decoder, TruncatedMp4FailsToOpen)
{
	const DecodeResult result = decode_clip(fixtures().truncated());
	EXPECT_EQ(result.error, DecodeError::OpenFailed) << result.detail;
	EXPECT_FALSE(result.detail.empty());
}

TEST(Decoder, GarbledPictureDataIsCorrupt)
{
	const DecodeResult result = decode_clip(fixtures().garbled());
	EXPECT_EQ(result.error, DecodeError::Corrupt) << decode_error_id(result.error) << ": " << result.detail;
	EXPECT_FALSE(result.detail.empty());
}

TEST(Decoder, RandomBytesFailToOpen)
{
	const DecodeResult result = decode_clip(fixtures().random());
	EXPECT_EQ(result.error, DecodeError::OpenFailed) << decode_error_id(result.error) << ": " << result.detail;
	EXPECT_FALSE(result.ok());
}

TEST(Decoder, AudioOnlyFileHasNoVideo)
{
	const DecodeResult result = decode_clip(fixtures().audio());
	EXPECT_EQ(result.error, DecodeError::NoVideo) << result.detail;
}

} // namespace
} // namespace adiff::test
