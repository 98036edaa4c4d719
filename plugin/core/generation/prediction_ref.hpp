// The prediction a create answer names, read from whatever bytes of it arrived: an answer the client
// refuses to read in full (over the size cap, cut off, not JSON past its start) may still name the
// prediction it made, and that prediction is billed until canceled by its id.
// Internal to core/generation (and its unit tests).
#pragma once

#include <string>

namespace adiff {

struct PredictionRef {
	std::string id;         // the top-level "id"
	std::string get_url;    // urls.get
	std::string cancel_url; // urls.cancel
};

// Reads `bytes` with nlohmann's SAX parser up to its end or its first error: the top-level "id" and
// urls.get / urls.cancel seen by then. Empty fields when the bytes do not name them.
PredictionRef prediction_ref_in(const std::string &bytes);

} // namespace adiff
