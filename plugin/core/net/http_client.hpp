// A small HTTP client on libcurl with the guards every call of this plugin needs:
// connect + total + low-speed timeouts, a cancel flag checked while transferring, a response size cap,
// TLS verification on, limited redirects, and a scheme policy (https; plain http only to loopback).
#pragma once

#include "core/net/cancel_flag.hpp"
#include "core/net/http_types.hpp"
#include "core/net/url_policy.hpp"

#include <string>

namespace adiff {

class HttpClient {
public:
	HttpClient();
	~HttpClient();
	HttpClient(const HttpClient &) = delete;
	HttpClient &operator=(const HttpClient &) = delete;

	// Blocks the calling (worker) thread; returns early when `cancel` is raised.
	HttpResult perform(const HttpRequest &request, const CancelFlag &cancel, const ProgressFn &progress = {});

private:
	void *curl_ = nullptr; // one easy handle reused across calls (keeps the connection alive)
};

} // namespace adiff
