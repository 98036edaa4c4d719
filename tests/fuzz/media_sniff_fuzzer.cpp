// The first bytes of a downloaded output: the sniffer decides whether the file is a video at all, so it
// must read any bytes (short, truncated boxes, huge box sizes) without reading past them.
#include "core/generation/media_sniff.hpp"
#include "fuzz_check.hpp"

#include <set>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	// A copy of exactly `size` bytes, so AddressSanitizer catches a read one byte too far.
	const std::vector<uint8_t> bytes(data, data + size);
	const std::string ext = adiff::sniff_video_extension(bytes.data(), bytes.size());
	static const std::set<std::string> known = {"", "mp4", "mov", "gif", "webm"};
	FUZZ_CHECK(known.count(ext) == 1);
	return 0;
}
