// A prediction answer -> the job's status, the same for both backends (Replicate polled, Cog answered
// once). Internal to core/generation.
#pragma once

#include "core/generation/generation_job.hpp"
#include "core/generation/prediction.hpp"

namespace adiff {

// What an answer tells: the prediction's id and urls, whether it is final, its predict time, the seed
// its logs confirm and, with `with_bars` (a prediction followed while it runs), the denoising and
// decoding bars. Publishes nothing.
void show_prediction(GenerationJob &job, const Prediction &p, bool with_bars);

// The one mapping from a final prediction to the outcome: succeeded with an output -> true; succeeded
// without one -> OutputExpired (data_removed) or OutputMissing; failed -> PredictionFailed with the
// model's error; canceled -> Canceled; aborted -> Canceled "aborted"; not final -> BadResponse.
bool accept_final_prediction(GenerationJob &job, const Prediction &p, bool has_output);

} // namespace adiff
