// Fetch a prediction's output file into the clip folder (http(s) or data: url), checked and sniffed.
// Internal to core/generation (and its unit tests).
#pragma once

#include "core/generation/generation_job.hpp"

#include <string>

namespace adiff {

struct DownloadedClip {
	std::string temp_path; // in the clip folder, not yet committed
	std::string ext;       // sniffed: mp4, mov, gif, webm
};

// false after job.fail(...) (OutputExpired, OutputTooLarge, NotAVideo, Network, DiskError, ...);
// nothing is left on disk then.
bool download_output(GenerationJob &job, const std::string &url, DownloadedClip *out);

// Decode the whole temp file first: only a file whose every frame decodes becomes the clip. Then rename it
// to <dir>/<hash>.<ext> and set clip_path. false after job.fail(DamagedVideo / VideoTooLarge / Canceled /
// DiskError); the temp file is gone then and clip_path is untouched (the previous clip keeps playing).
bool commit_clip(GenerationJob &job, const DownloadedClip &clip);

// The fixed-seed disk cache: true when `path` still decodes to the end. A damaged cached file is deleted
// (only when it is the store's own file) and false returned, so the caller generates anew. false on a
// cancel too (the file stays).
bool cached_clip_usable(GenerationJob &job, const std::string &path);

} // namespace adiff
