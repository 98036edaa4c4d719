// When to try a request again and how long to wait first.
#pragma once

#include "core/net/http_client.hpp"

#include <random>
#include <string>

namespace adiff {

struct BackoffSettings {
	int base_ms = 100;          // first retry waits about this long ...
	int cap_ms = 10000;         // ... doubling up to this
	int max_retry_after_s = 60; // a server asking for a longer wait is not retried automatically
};

// Delay before retry number `attempt` (1-based): base * 2^(attempt-1), capped, times a jitter in
// [0.75, 1.25] (then capped again), so clients that failed together do not retry together.
int backoff_delay_ms(int attempt, const BackoffSettings &settings, std::mt19937 &rng);

// Retry-After: delta seconds ("30") or an HTTP date. -1 when absent or unparsable. Dates in the
// past give 0.
int parse_retry_after(const std::string &value, long long now_unix);

// Replicate's 429 text "Your rate limit resets in ~30s." -> 30; -1 when not found.
int parse_resets_in(const std::string &detail);

// The wait before the next retry: the server's wish when it gave one, else the backoff.
// -1 when the server's wish exceeds max_retry_after_s (do not retry: tell the user instead).
int retry_wait_ms(int attempt, int retry_after_s, const BackoffSettings &settings, std::mt19937 &rng);

// A create (billed) may be sent again only when the server cannot have it: no byte of the request was
// handed to the connection and the call failed resolving, connecting or waiting for the connect.
// After a reset or a timeout once bytes went out, a resend could bill a second prediction.
bool create_may_resend(const HttpResult &result);

// A read or a download (idempotent GETs) is sent again after DNS, connect, reset and timeout failures ...
bool read_may_retry(const HttpResult &result);
// ... and on 429 and the transient server errors (500, 502, 503, 504).
bool read_status_retryable(long http_status);

} // namespace adiff
