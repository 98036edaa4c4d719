// A downloaded clip (or a clip_path from a scene file) decoded by libav*: any bytes must give either a
// clean error or frames that keep the decoder's promises. The input lives in an in-memory file
// (memfd); the memory budget bounds what a legitimately large clip may cost.
#include "core/media/decoder.hpp"
#include "fuzz_check.hpp"

#include <sys/mman.h>
#include <unistd.h>

namespace {

constexpr uint64_t kBudgetBytes = 8ull << 20; // the smallest setting the panel allows is 16 MB

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
	setenv("AV_LOG_FORCE_NOCOLOR", "1", 1);
	return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int fd = memfd_create("clip", MFD_CLOEXEC);
	FUZZ_CHECK(fd >= 0);
	for (size_t done = 0; done < size;) {
		const ssize_t n = write(fd, data + done, size - done);
		FUZZ_CHECK(n > 0);
		done += size_t(n);
	}
	adiff::DecodeOptions options;
	options.memory_budget_bytes = kBudgetBytes;
	const adiff::DecodeResult result = adiff::decode_clip("/proc/self/fd/" + std::to_string(fd), options);
	close(fd);

	if (!result.ok()) {
		FUZZ_CHECK(result.error != adiff::DecodeError::None);
		return 0;
	}
	const adiff::DecodedClip &clip = *result.clip;
	FUZZ_CHECK(clip.width > 0 && clip.height > 0);
	FUZZ_CHECK(!clip.frames.empty());
	FUZZ_CHECK(clip.frames.size() == clip.durations_us.size());
	int64_t total = 0;
	for (size_t i = 0; i < clip.frames.size(); ++i) {
		FUZZ_CHECK(clip.frames[i].size() == size_t(clip.width) * size_t(clip.height) * 4);
		FUZZ_CHECK(clip.durations_us[i] > 0);
		total += clip.durations_us[i];
	}
	FUZZ_CHECK(total == clip.duration_us);
	FUZZ_CHECK(clip.bytes() <= kBudgetBytes || clip.frames.size() == 1);
	return 0;
}
