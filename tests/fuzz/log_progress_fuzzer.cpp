// The model's `logs` text (tqdm bars, "Using seed: N", ffmpeg chatter) as the server returns it: the
// progress scan must take anything and never report a step beyond its total or a negative count.
#include "core/generation/log_progress.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	adiff::fuzz::FuzzInput input(data, size);
	const int64_t steps_sent = 1 + input.byte() % 100; // what the plugin can send: 1-100
	const adiff::LogProgress progress = adiff::scan_logs(input.rest(), steps_sent);
	FUZZ_CHECK(progress.step >= 0 && progress.steps >= 0);
	FUZZ_CHECK(progress.frame >= 0 && progress.frames >= 0);
	FUZZ_CHECK(progress.logged_seed >= -1);
	return 0;
}
