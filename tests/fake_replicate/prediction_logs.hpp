// The text lucataco/animate-diff prints while it runs, as Replicate returns it in `logs`:
// the seed, the prompt, a tqdm bar to `steps` (denoising), a bar to 16 (decoding frames), ffmpeg, "saved".
#pragma once

#include <cstdint>
#include <string>

namespace adiff::test {

// One tqdm refresh line, e.g. " 40%|████      | 10/25 [00:03<00:04,  3.1it/s]".
std::string tqdm_line(int done, int total, double seconds_per_item);

// The logs after `fraction` (0..1) of the processing time.
std::string animate_diff_logs(int64_t seed, const std::string &prompt, int steps, double fraction);

} // namespace adiff::test
