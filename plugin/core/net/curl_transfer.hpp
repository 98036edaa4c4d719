// One libcurl transfer of HttpClient: the state its callbacks share, the callbacks (headers, body to
// memory or a file, progress and cancel, the count of request bytes sent) and the multi-handle loop
// that lets a cancel stop a silent transfer. Internal to core/net.
#pragma once

#include "core/net/cancel_flag.hpp"
#include "core/net/http_types.hpp"

#include <curl/curl.h>

#include <cstdint>
#include <cstdio>

namespace adiff {

// State shared with curl's callbacks during one hop.
struct Transfer {
	const HttpRequest *request = nullptr;
	const CancelFlag *cancel = nullptr;
	const ProgressFn *progress = nullptr;
	HttpResponse response;
	FILE *sink = nullptr;
	bool too_large = false;
	bool io_failed = false;
	bool canceled = false;
	uint64_t bytes_sent = 0; // request bytes curl wrote to the connection (headers + body)

	bool streaming() const
	{
		return !request->sink_path.empty() && response.status >= 200 && response.status < 300;
	}
};

// The easy handle plus the multi handle that drives it: curl_multi_poll with a short timeout lets
// the cancel flag stop a silent transfer (a Prefer: wait, a stalled socket) within ~50 ms, where
// curl_easy_perform would only call the progress callback about once per second. The multi handle
// also keeps the connection cache between calls.
struct CurlHandles {
	CURL *easy = nullptr;
	CURLM *multi = nullptr;
};

// Installs the header, body, progress and debug (bytes sent) callbacks, all given `t`.
void set_transfer_callbacks(CURL *curl, Transfer *t);

// Runs the easy handle on the multi handle until done or `cancel` (polled every 50 ms).
CURLcode run_transfer(CurlHandles *h, const CancelFlag &cancel, Transfer *t);

// The curl result and the callbacks' flags -> what went wrong (None when nothing did).
TransportError classify(CURLcode code, const Transfer &t);

} // namespace adiff
