// A thumbnail PNG read back from beside a clip: the clips folder is the user's to change, so any bytes must
// give either a clean refusal or a thumbnail that keeps the cache's promises (the longer side is the cache's
// max_side, tightly packed RGBA). The first byte picks max_side, as caches of several sizes read the files.
#include "core/media/thumbnail_png.hpp"
#include "fuzz_check.hpp"

#include <algorithm>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	setenv("AV_LOG_FORCE_NOCOLOR", "1", 1);
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	adiff::fuzz::FuzzInput input(data, size);
	const int max_side = 16 + input.byte(); // 16..271, around the default 160
	const std::string rest = input.rest();
	const std::vector<uint8_t> bytes(rest.begin(), rest.end());
	std::string why;
	const std::shared_ptr<adiff::Thumbnail> thumbnail = adiff::decode_thumbnail_png(bytes, max_side, &why);
	if (!thumbnail) {
		FUZZ_CHECK(!why.empty());
		return 0;
	}
	FUZZ_CHECK(std::max(thumbnail->width, thumbnail->height) == max_side);
	FUZZ_CHECK(std::min(thumbnail->width, thumbnail->height) >= 1);
	FUZZ_CHECK(thumbnail->rgba.size() == size_t(thumbnail->width) * size_t(thumbnail->height) * 4);
	return 0;
}
