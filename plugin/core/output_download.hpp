// Fetch a prediction's output file into the clip folder (http(s) or data: url), checked and sniffed.
// Internal to plugin/core.
#pragma once

#include "generation_job.hpp"

#include <string>

namespace adiff {

struct DownloadedClip {
	std::string temp_path; // in the clip folder, not yet committed
	std::string ext;       // sniffed: mp4, mov, gif, webm
};

// false after job.fail(...) (OutputExpired, OutputTooLarge, NotAVideo, Network, DiskError, ...);
// nothing is left on disk then.
bool download_output(GenerationJob &job, const std::string &url, DownloadedClip *out);

// Rename the temp file to <dir>/<hash>.<ext> and make the status Ready. false after job.fail(DiskError).
bool commit_clip(GenerationJob &job, const DownloadedClip &clip);

} // namespace adiff
