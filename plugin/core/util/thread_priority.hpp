// Background work (decoding a clip, making thumbnails) runs below OBS's own threads, so a busy worker never
// costs the render or UI thread a frame.
#pragma once

namespace adiff {

// Lowers the calling thread's CPU priority (Linux: nice 10 for this thread only; the threads it creates
// afterwards, such as libavcodec's, inherit it). Best effort: a refusal leaves the priority as it was.
void lower_this_thread_priority();

} // namespace adiff
