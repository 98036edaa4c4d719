// Hostile and damaged media: oversized frames are refused before any frame is decoded (memory stays flat),
// and verify_clip accepts only a file whose every frame decodes.
#include "core/media/decoder.hpp"
#include "support/media_fixtures.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

namespace adiff::test {
namespace {

// Peak resident memory of this process, in KiB (VmHWM), after resetting it to the current RSS.
uint64_t status_kib(const std::string &field)
{
	std::ifstream status("/proc/self/status");
	std::string line;
	while (std::getline(status, line)) {
		if (line.compare(0, field.size() + 1, field + ":") == 0)
			return std::stoull(line.substr(field.size() + 1));
	}
	return 0;
}

void reset_peak_memory()
{
	std::ofstream("/proc/self/clear_refs") << "5"; // Linux: VmHWM := VmRSS
}

double seconds_since(std::chrono::steady_clock::time_point start)
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(DecoderLimits, AGifClaimingAHugeScreenIsRefusedBeforeDecodingWithFlatMemory)
{
	TempDir dir;
	const std::string gif = dir.file("huge.gif");
	make_huge_screen_gif(gif, 16000, 16000, 40); // ~1 KB on disk, 1 GB per decoded frame
	reset_peak_memory();
	const uint64_t before_kib = status_kib("VmRSS");
	const auto start = std::chrono::steady_clock::now();
	const DecodeResult result = decode_clip(gif);
	const double seconds = seconds_since(start);
	const uint64_t growth_mib = (status_kib("VmHWM") - before_kib) / 1024;

	EXPECT_EQ(result.error, DecodeError::TooLarge) << decode_error_id(result.error) << ": " << result.detail;
	EXPECT_NE(result.detail.find("16000x16000"), std::string::npos) << result.detail;
	EXPECT_LT(seconds, 1.0);
	EXPECT_LT(growth_mib, 32u) << "peak memory grew by " << growth_mib << " MiB";
	// The verification a download goes through refuses it the same way.
	EXPECT_EQ(verify_clip(gif).error, DecodeError::TooLarge);
}

TEST(DecoderLimits, AVideoWiderThanTheCapIsRefused)
{
	TempDir dir;
	const std::string wide = dir.file("wide.mp4");
	make_colour_clip(wide, {colour::red, colour::green}, 8, 4112, 16);
	const DecodeResult result = decode_clip(wide);
	EXPECT_EQ(result.error, DecodeError::TooLarge) << decode_error_id(result.error);
	EXPECT_NE(result.detail.find("4112x16"), std::string::npos) << result.detail;
	EXPECT_FALSE(result.clip);

	// Under the cap it plays.
	const std::string fits = dir.file("fits.mp4");
	make_colour_clip(fits, {colour::red, colour::green}, 8, 4096, 16);
	EXPECT_TRUE(decode_clip(fits).ok());
}

TEST(VerifyClip, AcceptsAWholeClipAndRefusesATruncatedOne)
{
	TempDir dir;
	const std::string whole = dir.file("model.mp4");
	make_model_like_mp4(whole);
	const std::string faststart = dir.file("faststart.mp4");
	make_faststart_copy(whole, faststart);
	EXPECT_EQ(verify_clip(whole).error, DecodeError::None);
	EXPECT_EQ(verify_clip(faststart).error, DecodeError::None);

	// A valid header with missing data: what a dropped download leaves.
	for (double keep : {0.9, 0.6, 0.3}) {
		const std::string truncated = dir.file("truncated.mp4");
		make_truncated_copy(faststart, truncated, keep);
		const DecodeResult result = verify_clip(truncated);
		EXPECT_NE(result.error, DecodeError::None) << "kept " << keep;
	}
	const std::string garbled = dir.file("garbled.mp4");
	make_garbled_mp4(whole, garbled, 7);
	EXPECT_NE(verify_clip(garbled).error, DecodeError::None);
}

TEST(VerifyClip, ACanceledVerificationSaysCanceled)
{
	TempDir dir;
	const std::string whole = dir.file("model.mp4");
	make_model_like_mp4(whole);
	CancelFlag cancel;
	cancel.cancel();
	DecodeOptions options;
	options.cancel = &cancel;
	EXPECT_EQ(verify_clip(whole, options).error, DecodeError::Canceled);
}

} // namespace
} // namespace adiff::test
