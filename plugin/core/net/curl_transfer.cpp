#include "core/net/curl_transfer.hpp"

#include "core/util/text_util.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace adiff {
namespace {

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
		t->response.headers[ascii_lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
	return size * count;
}

size_t on_body(char *data, size_t size, size_t count, void *user)
{
	auto *t = static_cast<Transfer *>(user);
	size_t n = size * count;
	const uint64_t cap = t->request->limits.max_response_bytes;
	if (t->response.bytes + n > cap) {
		if (t->request->keep_refused_prefix && !t->streaming()) {
			const size_t room = size_t(cap - std::min(cap, t->response.bytes));
			t->response.body.append(data, room);
			t->response.bytes += room;
		}
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
	if (dltotal > 0 && uint64_t(dltotal) > t->request->limits.max_response_bytes &&
	    !t->request->keep_refused_prefix) {
		t->too_large = true; // announced by Content-Length: no need to wait for the bytes
		return 1;
	}
	if (*t->progress && dlnow > 0)
		(*t->progress)(uint64_t(dlnow), uint64_t(dltotal > 0 ? dltotal : 0));
	return 0;
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

constexpr int kPollMs = 50;

} // namespace

void set_transfer_callbacks(CURL *curl, Transfer *t)
{
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, t);
	curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(curl, CURLOPT_DEBUGDATA, t);
	curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
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

} // namespace adiff
