// Background priority for the plugin's worker threads: decoding, interpolation and thumbnails run below OBS's
// render and encoder threads so a streamer's CPU serves the stream first.
#pragma once

namespace adiff {

// The nice value the plugin's background threads run at (Linux: per thread; threads they create inherit it).
inline constexpr int kBackgroundNice = 10;

// Lowers the calling thread's priority to `nice` (never raises it). False when the system refused.
bool lower_thread_priority(int nice = kBackgroundNice);
// The calling thread's nice value (0 where threads have none of their own).
int thread_nice();

} // namespace adiff
