// libcurl behind HttpClient: one reused easy handle, every guard set on every call, and redirects
// followed by hand so the scheme policy is checked on each hop (curl's own following would not know
// that plain http is fine to 127.0.0.1 but never to another host).
#include "core/net/http_client.hpp"
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

std::string lower(std::string text)
{
	std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
	return text;
}

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

size_t on_header(char *data, size_t size, size_t count, void *user)
{
	auto *t = static_cast<Transfer *>(user);
	std::string line(data, size * count);
	if (line.rfind("HTTP/", 0) == 0) {
		// A new response (after 100 Continue or on each hop): forget the previous headers.
		t->response.headers.clear();
		t->response.status = 0;
		size_t space = line.find(' ');
		if (space != std::string::npos)
			t->response.status = std::strtol(line.c_str() + space + 1, nullptr, 10);
		return size * count;
	}
	size_t colon = line.find(':');
	if (colon != std::string::npos)
		t->response.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
	return size * count;
}

size_t on_body(char *data, size_t size, size_t count, void *user)
{
	auto *t = static_cast<Transfer *>(user);
	size_t n = size * count;
	if (t->response.bytes + n > t->request->limits.max_response_bytes) {
		t->too_large = true;
		return 0; // makes curl stop with CURLE_WRITE_ERROR
	}
	t->response.bytes += n;
	if (t->streaming()) {
		if (!t->sink) {
			t->sink = std::fopen(t->request->sink_path.c_str(), "wb");
			if (!t->sink) {
				t->io_failed = true;
				return 0;
			}
		}
		if (std::fwrite(data, 1, n, t->sink) != n) {
			t->io_failed = true;
			return 0;
		}
	} else {
		t->response.body.append(data, n);
	}
	return n;
}

int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t)
{
	auto *t = static_cast<Transfer *>(user);
	if (t->cancel->canceled()) {
		t->canceled = true;
		return 1; // CURLE_ABORTED_BY_CALLBACK
	}
	if (dltotal > 0 && uint64_t(dltotal) > t->request->limits.max_response_bytes) {
		t->too_large = true; // announced by Content-Length: no need to wait for the bytes
		return 1;
	}
	if (*t->progress && dlnow > 0)
		(*t->progress)(uint64_t(dlnow), uint64_t(dltotal > 0 ? dltotal : 0));
	return 0;
}

TransportError classify(CURLcode code, const Transfer &t)
{
	if (t.too_large)
		return TransportError::TooLarge;
	if (t.canceled)
		return TransportError::Canceled;
	if (t.io_failed)
		return TransportError::Io;
	switch (code) {
	case CURLE_OK:
		return TransportError::None;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return TransportError::Dns;
	case CURLE_COULDNT_CONNECT:
		return TransportError::Connect;
	case CURLE_OPERATION_TIMEDOUT:
		return TransportError::Timeout;
	case CURLE_FILESIZE_EXCEEDED:
		return TransportError::TooLarge;
	case CURLE_ABORTED_BY_CALLBACK:
		return TransportError::Canceled;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return TransportError::Tls;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return TransportError::Reset;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return TransportError::SchemeRefused;
	case CURLE_WRITE_ERROR:
		return TransportError::Io;
	default:
		return TransportError::Other;
	}
}

// Counts the request bytes curl reports as written to the connection. curl calls this only with
// CURLOPT_VERBOSE on; the data (which holds the Authorization header) is never kept or logged.
// Timing info cannot tell "sent" apart: CURLINFO_PRETRANSFER_TIME_T is set on a connect timeout by
// newer curl versions, which would make a create that never left look possibly billed.
int on_debug(CURL *, curl_infotype type, char *, size_t size, void *user)
{
	if (type == CURLINFO_HEADER_OUT || type == CURLINFO_DATA_OUT)
		static_cast<Transfer *>(user)->bytes_sent += size;
	return 0;
}

// "scheme://host:port" as libcurl parses the URL (port made explicit), or "" when it does not parse.
bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The easy handle plus the multi handle that drives it: curl_multi_poll with a short timeout lets
// the cancel flag stop a silent transfer (a Prefer: wait, a stalled socket) within ~50 ms, where
// curl_easy_perform would only call the progress callback about once per second. The multi handle
// also keeps the connection cache between calls.
struct CurlHandles {
	CURL *easy = nullptr;
	CURLM *multi = nullptr;
};

constexpr int kPollMs = 50;

CURLcode run_transfer(CurlHandles *h, const CancelFlag &cancel, Transfer *t)
{
	if (curl_multi_add_handle(h->multi, h->easy) != CURLM_OK)
		return CURLE_FAILED_INIT;
	CURLcode code = CURLE_OK;
	bool finished = false;
	while (!finished) {
		int running = 0;
		if (curl_multi_perform(h->multi, &running) != CURLM_OK) {
			code = CURLE_FAILED_INIT;
			break;
		}
		int queued = 0;
		while (CURLMsg *msg = curl_multi_info_read(h->multi, &queued)) {
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == h->easy) {
				code = msg->data.result;
				finished = true;
			}
		}
		if (finished)
			break;
		if (cancel.canceled()) {
			t->canceled = true;
			code = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		curl_multi_poll(h->multi, nullptr, 0, kPollMs, nullptr);
	}
	curl_multi_remove_handle(h->multi, h->easy);
	return code;
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
	CURL *curl = handles->easy;
	if (!curl || !handles->multi) {
		result.error = TransportError::Other;
		result.detail = "curl_easy_init failed";
		return result;
	}
	if (cancel.canceled()) {
		result.error = TransportError::Canceled;
		result.detail = "canceled";
		return result;
	}

	HttpRequest request = original; // a copy: a redirect may turn a POST into a GET
	for (long hop = 0;; ++hop) {
		std::string why;
		if (!url_scheme_allowed(request.url, &why)) {
			result.error = TransportError::SchemeRefused;
			result.detail = why;
			return result;
		}

		curl_easy_reset(curl); // keeps the connection and DNS caches
		const bool loopback = is_loopback_url(request.url);
		const char *protocols = loopback ? "http,https" : "https";
		char errbuf[CURL_ERROR_SIZE] = {0};
		Transfer t;
		t.request = &request;
		t.cancel = &cancel;
		t.progress = &progress;

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
		curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.limits.max_response_bytes));
		curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
		curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
		curl_easy_setopt(curl, CURLOPT_USERAGENT, kUserAgent);
		curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &t);
		curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
		if (request.fresh_connection) {
			curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
			curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
		}

		struct curl_slist *headers = nullptr;
		for (const auto &header : request.headers)
			headers = curl_slist_append(headers, (header.first + ": " + header.second).c_str());
		headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip for long prompts
		std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(headers, curl_slist_free_all);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

		if (request.method == "POST") {
			curl_easy_setopt(curl, CURLOPT_POST, 1L);
			curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
			curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
		} else if (request.method != "GET") {
			curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
		}

		CURLcode code = run_transfer(handles, cancel, &t);
		if (t.sink && std::fclose(t.sink) != 0 && code == CURLE_OK)
			t.io_failed = true;
		t.sink = nullptr;

		result.error = classify(code, t);
		result.request_sent = result.request_sent || t.bytes_sent > 0;
		result.response = std::move(t.response);
		char *content_type = nullptr;
		if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
			std::string type = lower(content_type);
			result.response.content_type = trim(type.substr(0, type.find(';')));
		}
		if (result.error == TransportError::TooLarge)
			result.detail =
				"response larger than " + std::to_string(request.limits.max_response_bytes) + " bytes";
		else if (result.error == TransportError::Canceled)
			result.detail = "canceled";
		else if (result.error == TransportError::Io)
			result.detail = "could not write " + request.sink_path;
		else if (result.error != TransportError::None)
			result.detail = errbuf[0] ? errbuf : curl_easy_strerror(code);
		if (!result.ok())
			return result;

		if (!is_redirect(result.response.status) || request.limits.max_redirects <= 0)
			return result;
		char *location = nullptr;
		if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) != CURLE_OK || !location)
			return result; // a 3xx without a usable Location is handed back as is
		if (hop + 1 > request.limits.max_redirects) {
			result.error = TransportError::Other;
			result.detail = "too many redirects";
			return result;
		}
		const long status = result.response.status;
		const bool stays = same_origin(location, request.url);
		request.url = location;
		if (status == 303 || ((status == 301 || status == 302) && request.method == "POST")) {
			request.method = "GET";
			request.body.clear();
		}
		// Credentials stay with the host they were meant for.
		if (!stays)
			request.headers.erase(
				std::remove_if(request.headers.begin(), request.headers.end(),
					       [](const auto &h) { return lower(h.first) == "authorization"; }),
				request.headers.end());
	}
}

} // namespace adiff
