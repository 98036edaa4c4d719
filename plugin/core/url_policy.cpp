// The scheme policy of every request: https anywhere, plain http only to this machine (a local Cog
// server or the test fake). URLs are parsed by libcurl so the policy sees exactly what curl will use.
#include "http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

namespace adiff {
namespace {

struct UrlParts {
	std::string scheme;
	std::string host;
};

bool parse_url(const std::string &url, UrlParts *out)
{
	CURLU *handle = curl_url();
	if (!handle)
		return false;
	bool ok = false;
	// No default scheme guessing: "api.replicate.com/v1" is a mistake, not an https URL.
	if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
		char *scheme = nullptr;
		char *host = nullptr;
		if (curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		    curl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
			out->scheme = scheme;
			out->host = host;
			std::transform(out->scheme.begin(), out->scheme.end(), out->scheme.begin(),
				       [](unsigned char c) { return char(std::tolower(c)); });
			std::transform(out->host.begin(), out->host.end(), out->host.begin(),
				       [](unsigned char c) { return char(std::tolower(c)); });
			ok = !out->host.empty();
		}
		curl_free(scheme);
		curl_free(host);
	}
	curl_url_cleanup(handle);
	return ok;
}

// 127.0.0.0/8 written as four decimal octets (curl normalises other IPv4 spellings to this form).
bool is_ipv4_loopback(const std::string &host)
{
	int parts = 0;
	size_t pos = 0;
	int first = -1;
	while (pos <= host.size()) {
		size_t end = host.find('.', pos);
		if (end == std::string::npos)
			end = host.size();
		std::string part = host.substr(pos, end - pos);
		if (part.empty() || part.size() > 3 ||
		    !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); }))
			return false;
		int value = std::stoi(part);
		if (value > 255)
			return false;
		if (parts == 0)
			first = value;
		++parts;
		pos = end + 1;
	}
	return parts == 4 && first == 127;
}

bool is_loopback_host(const std::string &host)
{
	return host == "localhost" || host == "[::1]" || host == "::1" || is_ipv4_loopback(host);
}

} // namespace

bool is_loopback_url(const std::string &url)
{
	UrlParts parts;
	return parse_url(url, &parts) && is_loopback_host(parts.host);
}

bool url_scheme_allowed(const std::string &url, std::string *why)
{
	UrlParts parts;
	if (!parse_url(url, &parts)) {
		if (why)
			*why = "not a valid URL";
		return false;
	}
	if (parts.scheme == "https")
		return true;
	if (parts.scheme == "http") {
		if (is_loopback_host(parts.host))
			return true;
		if (why)
			*why = "plain http is only allowed to this machine (127.0.0.1, ::1, localhost)";
		return false;
	}
	if (why)
		*why = "unsupported scheme '" + parts.scheme + "'";
	return false;
}

} // namespace adiff
