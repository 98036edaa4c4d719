#include "core/generation/prediction_outcome.hpp"

#include "core/generation/log_progress.hpp"

namespace adiff {

void show_prediction(GenerationJob &job, const Prediction &p, bool with_bars)
{
	job.note_prediction_id(p.id);
	job.note_remote_urls(p.get_url, p.cancel_url);
	job.note_remote_final(is_final(p.status));
	job.show_predict_time(p.predict_time);
	job.show_log_progress(scan_logs(p.logs, job.request().params.steps), with_bars);
}

bool accept_final_prediction(GenerationJob &job, const Prediction &p, bool has_output)
{
	switch (p.status) {
	case PredictionStatus::Succeeded:
		if (has_output)
			return true;
		return job.fail(p.data_removed ? ErrorCode::OutputExpired : ErrorCode::OutputMissing);
	case PredictionStatus::Failed:
		return job.fail(ErrorCode::PredictionFailed, p.error);
	case PredictionStatus::Canceled:
		return job.fail(ErrorCode::Canceled);
	case PredictionStatus::Aborted:
		return job.fail(ErrorCode::Canceled, "aborted");
	default:
		return job.fail(ErrorCode::BadResponse, "the server answered before the prediction ended");
	}
}

} // namespace adiff
