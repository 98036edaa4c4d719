// Progress read from a prediction's `logs` text. Internal to core/generation (and its unit tests).
// lucataco/animate-diff prints, in order: "Using seed: N", "sampling: ...", a tqdm bar counting to
// `steps` (denoising), a second bar counting to 16 (decoding frames), ffmpeg output, "saved to file".
#pragma once

#include <cstdint>
#include <string>

namespace adiff {

struct LogProgress {
	int step = 0, steps = 0;   // denoising bar: latest k/N (0/0 when not seen yet)
	int frame = 0, frames = 0; // the second bar: latest k/N (0/0 when not seen yet)
	int64_t logged_seed = -1;  // from "Using seed: N", -1 when absent
};

// `steps_sent` tells which bar is denoising: the first bar, whose total normally equals it.
LogProgress scan_logs(const std::string &logs, int64_t steps_sent);

} // namespace adiff
