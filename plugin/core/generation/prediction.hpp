// The prediction object of Replicate's API (and of a Cog server), reduced to what the pipeline needs.
// Internal to core/generation (and its unit tests).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace adiff {

enum class PredictionStatus { Starting, Processing, Succeeded, Failed, Canceled, Aborted, Unknown };

bool is_final(PredictionStatus status);

struct Prediction {
	std::string id;
	PredictionStatus status = PredictionStatus::Unknown;
	std::string error; // the model's error text (status failed)
	std::string logs;
	std::string output_url; // the chosen output: an http(s) url or a data: url; empty when none yet
	bool data_removed = false;
	double predict_time = -1; // metrics.predict_time
	std::string get_url;      // urls.get
	std::string cancel_url;   // urls.cancel
};

// false (and *why) when the body is not JSON or not an object of a known shape. Accepts the relay
// fallback {"created": ..., "data": [{"url": ...}]} as a succeeded prediction.
bool parse_prediction(const std::string &body, Prediction *out, std::string *why);

// The one output to download from `output`: a url string; from a list the first that looks like a
// video (or the only entry); a data: url; {"url": ...} objects. Empty when nothing usable.
std::string pick_output_url(const nlohmann::json &output);

} // namespace adiff
