// A self-hosted Cog server: one synchronous POST /predictions, output inline as a data: url.
// Internal to core/generation.
#pragma once

#include "core/generation/generation_job.hpp"

namespace adiff {

// On success the status has clip_path set; else job.failed().
void run_cog(GenerationJob &job);

} // namespace adiff
