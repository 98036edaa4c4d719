// Replicate's API (or a relay speaking it): create (answered at once with the id), poll, download.
// Internal to core/generation.
#pragma once

#include "core/generation/generation_job.hpp"

namespace adiff {

// Runs the whole remote part; on success the status is Ready with clip_path set, else job.failed().
// job.prediction_id / cancel_url are set as soon as the prediction exists (for a remote cancel).
void run_replicate(GenerationJob &job);

// POST urls.cancel (or {base}/predictions/{id}/cancel). Best effort, bounded by timeout_ms and `stop`.
void cancel_replicate_prediction(GenerationJob &job, long timeout_ms, const CancelFlag &stop);

} // namespace adiff
