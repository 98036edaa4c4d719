// libcurl behind HttpClient: one reused easy handle, every guard set on every call, and redirects
// followed by hand so the scheme policy is checked on each hop (curl's own following would not know
// that plain http is fine to 127.0.0.1 but never to another host).
#include "core/net/http_client.hpp"

#include "core/net/curl_transfer.hpp"
#include "core/util/project_info.hpp"
#include "core/util/text_util.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <mutex>

namespace adiff {
namespace {

void global_init_once()
{
	static std::once_flag once;
	std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

HttpResult failed(TransportError error, const std::string &detail)
{
	HttpResult result;
	result.error = error;
	result.detail = detail;
	return result;
}

// Every guard, on every hop: allowed protocols, TLS verification, timeouts, size cap, callbacks.
void set_guards(CURL *curl, const HttpRequest &request, Transfer *t, char *errbuf)
{
	const char *protocols = is_loopback_url(request.url) ? "http,https" : "https";
	curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request.limits.connect_timeout_ms);
	if (request.limits.total_timeout_ms > 0)
		curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.limits.total_timeout_ms);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, request.limits.low_speed_bytes_per_s);
	curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request.limits.low_speed_time_s);
	// curl refuses an announced size over the cap before any byte; a kept prefix needs those bytes.
	if (!request.keep_refused_prefix)
		curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.limits.max_response_bytes));
	curl_easy_setopt(curl, CURLOPT_USERAGENT, kUserAgent);
	set_transfer_callbacks(curl, t);
	if (request.fresh_connection) {
		curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
	}
}

using HeaderList = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// The request's headers and method; the header list must live until the transfer ends.
HeaderList set_request(CURL *curl, const HttpRequest &request)
{
	struct curl_slist *headers = nullptr;
	for (const auto &header : request.headers)
		headers = curl_slist_append(headers, (header.first + ": " + header.second).c_str());
	headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip for long prompts
	HeaderList guard(headers, curl_slist_free_all);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	if (request.method == "POST") {
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
	} else if (request.method != "GET") {
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
	}
	return guard;
}

std::string error_detail(TransportError error, CURLcode code, const HttpRequest &request, const char *errbuf)
{
	switch (error) {
	case TransportError::None:
		return {};
	case TransportError::TooLarge:
		return "response larger than " + std::to_string(request.limits.max_response_bytes) + " bytes";
	case TransportError::Canceled:
		return "canceled";
	case TransportError::Io:
		return "could not write " + request.sink_path;
	default:
		return errbuf[0] ? errbuf : curl_easy_strerror(code);
	}
}

// One request to one URL; `result` keeps request_sent from earlier hops.
void perform_hop(CurlHandles *handles, const HttpRequest &request, const CancelFlag &cancel, const ProgressFn &progress,
		 HttpResult *result)
{
	CURL *curl = handles->easy;
	curl_easy_reset(curl); // keeps the connection and DNS caches
	char errbuf[CURL_ERROR_SIZE] = {0};
	Transfer t;
	t.request = &request;
	t.cancel = &cancel;
	t.progress = &progress;
	set_guards(curl, request, &t, errbuf);
	HeaderList headers = set_request(curl, request);

	CURLcode code = run_transfer(handles, cancel, &t);
	if (t.sink && std::fclose(t.sink) != 0 && code == CURLE_OK)
		t.io_failed = true;
	t.sink = nullptr;

	result->error = classify(code, t);
	result->request_sent = result->request_sent || t.bytes_sent > 0;
	result->response = std::move(t.response);
	char *content_type = nullptr;
	if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
		std::string type = ascii_lower(content_type);
		result->response.content_type = trim(type.substr(0, type.find(';')));
	}
	result->detail = error_detail(result->error, code, request, errbuf);
}

// After a redirect answer: true with *request aimed at the next hop; false when `result` is the answer
// (not a redirect, redirects off, no usable Location) or after too many hops (then an error).
bool next_hop(CURL *curl, long hop, HttpRequest *request, HttpResult *result)
{
	const long status = result->response.status;
	if (!is_redirect(status) || request->limits.max_redirects <= 0)
		return false;
	char *location = nullptr;
	if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) != CURLE_OK || !location)
		return false; // a 3xx without a usable Location is handed back as is
	if (hop + 1 > request->limits.max_redirects) {
		result->error = TransportError::Other;
		result->detail = "too many redirects";
		return false;
	}
	const bool stays = same_origin(location, request->url);
	request->url = location;
	if (status == 303 || ((status == 301 || status == 302) && request->method == "POST")) {
		request->method = "GET";
		request->body.clear();
	}
	// Credentials stay with the host they were meant for.
	if (!stays)
		request->headers.erase(
			std::remove_if(request->headers.begin(), request->headers.end(),
				       [](const auto &h) { return ascii_lower(h.first) == "authorization"; }),
			request->headers.end());
	return true;
}

} // namespace

const char *transport_error_id(TransportError error)
{
	switch (error) {
	case TransportError::None:
		return "none";
	case TransportError::Canceled:
		return "canceled";
	case TransportError::Timeout:
		return "timeout";
	case TransportError::Dns:
		return "dns";
	case TransportError::Connect:
		return "connect";
	case TransportError::Reset:
		return "reset";
	case TransportError::TooLarge:
		return "too_large";
	case TransportError::SchemeRefused:
		return "scheme_refused";
	case TransportError::Tls:
		return "tls";
	case TransportError::Io:
		return "io";
	case TransportError::Other:
		return "other";
	}
	return "other";
}

HttpClient::HttpClient()
{
	global_init_once();
	auto *handles = new CurlHandles;
	handles->easy = curl_easy_init();
	handles->multi = curl_multi_init();
	curl_ = handles;
}

HttpClient::~HttpClient()
{
	auto *handles = static_cast<CurlHandles *>(curl_);
	if (handles->easy)
		curl_easy_cleanup(handles->easy);
	if (handles->multi)
		curl_multi_cleanup(handles->multi);
	delete handles;
}

HttpResult HttpClient::perform(const HttpRequest &original, const CancelFlag &cancel, const ProgressFn &progress)
{
	HttpResult result;
	auto *handles = static_cast<CurlHandles *>(curl_);
	if (!handles->easy || !handles->multi)
		return failed(TransportError::Other, "curl_easy_init failed");
	if (cancel.canceled())
		return failed(TransportError::Canceled, "canceled");

	HttpRequest request = original; // a copy: a redirect may turn a POST into a GET
	for (long hop = 0;; ++hop) {
		std::string why;
		if (!url_scheme_allowed(request.url, &why))
			return failed(TransportError::SchemeRefused, why);
		perform_hop(handles, request, cancel, progress, &result);
		if (!result.ok() || !next_hop(handles->easy, hop, &request, &result))
			return result;
	}
}

} // namespace adiff
