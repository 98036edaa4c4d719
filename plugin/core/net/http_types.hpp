// The values of one HTTP call (limits, request, result, transport errors), apart from the client that
// makes it, so the client and its curl transfer both use them without including each other.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace adiff {

struct HttpLimits {
	long connect_timeout_ms = 10000;
	long total_timeout_ms = 90000;  // whole transfer; 0 = none (then low-speed applies alone)
	long low_speed_bytes_per_s = 1; // abort when slower than this ...
	long low_speed_time_s = 30;     // ... for this long (a stalled socket)
	uint64_t max_response_bytes = 8u << 20;
	long max_redirects = 3; // 0 = do not follow redirects
};

struct HttpRequest {
	std::string method = "GET"; // GET, POST
	std::string url;
	std::vector<std::pair<std::string, std::string>> headers; // e.g. {"Authorization", "Bearer ..."}
	std::string body;
	HttpLimits limits;
	// When set, the body is streamed to this file instead of kept in memory (downloads).
	std::string sink_path;
	// A new connection, closed afterwards. For a call that must never be sent twice (the billed create):
	// libcurl silently resends a request whose reused keep-alive connection turns out to be dead.
	bool fresh_connection = false;
	// An answer over max_response_bytes is still read up to the cap, and those bytes are kept in the
	// result (with TooLarge): the billed create's prediction id is in them, to cancel it by.
	bool keep_refused_prefix = false;
};

enum class TransportError {
	None,
	Canceled,      // the cancel flag was raised
	Timeout,       // connect, total or low-speed timeout
	Dns,           // host name did not resolve (nothing was sent)
	Connect,       // connection refused / unreachable (nothing was sent)
	Reset,         // connection dropped after the request may have been sent
	TooLarge,      // response exceeded max_response_bytes
	SchemeRefused, // URL refused by the scheme policy (nothing was sent)
	Tls,           // certificate / handshake problem
	Io,            // the sink file could not be written
	Other,
};

const char *transport_error_id(TransportError error);

struct HttpResponse {
	long status = 0;
	std::map<std::string, std::string> headers; // keys lower-case
	std::string body;                           // empty when streamed to sink_path
	uint64_t bytes = 0;                         // body bytes received
	std::string content_type;                   // lower-case, without parameters
};

struct HttpResult {
	TransportError error = TransportError::None;
	std::string detail; // curl's message; never contains request headers
	// true once any byte of the request was handed to the connection (counted as curl writes it), so the
	// server may have it; false when the call failed before that (DNS, refused, connect timeout).
	bool request_sent = false;
	HttpResponse response;
	bool ok() const { return error == TransportError::None; }
};

// Progress: bytes received so far and the expected total (0 when unknown).
using ProgressFn = std::function<void(uint64_t received, uint64_t total)>;

} // namespace adiff
