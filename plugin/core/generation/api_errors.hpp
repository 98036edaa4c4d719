// HTTP error answers of Replicate, relays and Cog -> ErrorCode + a detail for the status line.
// Internal to core/generation (and its unit tests).
#pragma once

#include "core/status/status.hpp"

#include <map>
#include <string>

namespace adiff {

struct ApiError {
	ErrorCode code = ErrorCode::Internal;
	std::string detail;
	int http_status = 0;
	int retry_after_s = 0; // Throttled: from Retry-After or the "resets in ~30s" text; 0 when unknown
	// The Retry-After header alone (-1 when absent): only the header decides how long a retry waits;
	// the detail text is an estimate shown to the user, and without a header backoff applies.
	int retry_after_header_s = -1;
};

enum class ApiCall { Create, Poll, Cancel };

// `headers` with lower-case keys (HttpResponse::headers). `now_unix` for HTTP-date Retry-After values.
ApiError map_api_error(long http_status, const std::string &body, const std::map<std::string, std::string> &headers,
		       ApiCall call, long long now_unix);

} // namespace adiff
