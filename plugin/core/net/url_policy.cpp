// The scheme policy of every request: https anywhere, plain http only to this machine (a local Cog
// server or the test fake); and the shape an API base URL from settings must have. URLs are parsed by
// libcurl so the policy sees exactly what curl will use.
#include "core/net/url_policy.hpp"
#include "core/util/text_util.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

namespace adiff {
namespace {

struct UrlParts {
	std::string scheme;
	std::string host;
	std::string port; // the scheme's default when the URL names none
	bool has_credentials = false;
	bool has_query = false;
	bool has_fragment = false;
};

// True when the part is present; its value (lower-cased when asked) goes to *out when out is set.
bool get_part(CURLU *handle, CURLUPart part, unsigned flags, std::string *out)
{
	char *value = nullptr;
	if (curl_url_get(handle, part, &value, flags) != CURLUE_OK)
		return false;
	if (out)
		*out = ascii_lower(value ? value : "");
	curl_free(value);
	return true;
}

bool parse_url(const std::string &url, UrlParts *out)
{
	CURLU *handle = curl_url();
	if (!handle)
		return false;
	bool ok = false;
	// No default scheme guessing: "api.replicate.com/v1" is a mistake, not an https URL.
	if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
	    get_part(handle, CURLUPART_SCHEME, 0, &out->scheme) && get_part(handle, CURLUPART_HOST, 0, &out->host)) {
		get_part(handle, CURLUPART_PORT, CURLU_DEFAULT_PORT, &out->port);
		// Only presence is asked for: a password is never copied out of curl's handle.
		out->has_credentials = get_part(handle, CURLUPART_USER, 0, nullptr) ||
				       get_part(handle, CURLUPART_PASSWORD, 0, nullptr) ||
				       get_part(handle, CURLUPART_OPTIONS, 0, nullptr);
		out->has_query = get_part(handle, CURLUPART_QUERY, 0, nullptr);
		out->has_fragment = get_part(handle, CURLUPART_FRAGMENT, 0, nullptr);
		ok = !out->host.empty();
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

std::string normalize_base_url(const std::string &url)
{
	std::string out = trim(url);
	while (!out.empty() && out.back() == '/')
		out.pop_back();
	const size_t scheme_end = out.find("://");
	if (scheme_end == std::string::npos)
		return out;
	const size_t authority_begin = scheme_end + 3;
	size_t authority_end = out.find_first_of("/?#", authority_begin);
	if (authority_end == std::string::npos)
		authority_end = out.size();
	// user:password@ is case-sensitive: only what follows the last '@' is the host.
	const size_t at = out.rfind('@', authority_end - 1); // authority_end >= 3: past "://"
	const size_t host_begin = (at != std::string::npos && at >= authority_begin) ? at + 1 : authority_begin;
	return ascii_lower(out.substr(0, scheme_end)) + out.substr(scheme_end, host_begin - scheme_end) +
	       ascii_lower(out.substr(host_begin, authority_end - host_begin)) + out.substr(authority_end);
}

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

// ---- API base URLs from settings -------------------------------------------------------------

const char *base_url_problem_id(BaseUrlProblem problem)
{
	switch (problem) {
	case BaseUrlProblem::None:
		return "";
	case BaseUrlProblem::Invalid:
		return "invalid";
	case BaseUrlProblem::Credentials:
		return "credentials";
	case BaseUrlProblem::Query:
		return "query";
	case BaseUrlProblem::Fragment:
		return "fragment";
	case BaseUrlProblem::Scheme:
		return "scheme";
	}
	return "invalid";
}

BaseUrlProblem check_api_base_url(const std::string &url)
{
	UrlParts parts;
	if (!parse_url(trim(url), &parts))
		return BaseUrlProblem::Invalid;
	// Credentials first: whatever else is wrong, this is the one to fix before the URL is shown anywhere.
	if (parts.has_credentials)
		return BaseUrlProblem::Credentials;
	if (parts.has_query)
		return BaseUrlProblem::Query;
	if (parts.has_fragment)
		return BaseUrlProblem::Fragment;
	if (!url_scheme_allowed(trim(url)))
		return BaseUrlProblem::Scheme;
	return BaseUrlProblem::None;
}

bool same_origin(const std::string &a, const std::string &b)
{
	UrlParts pa, pb;
	return parse_url(a, &pa) && parse_url(b, &pb) && pa.scheme == pb.scheme && pa.host == pb.host &&
	       pa.port == pb.port;
}

bool is_replicate_api_origin(const std::string &url)
{
	UrlParts parts;
	return parse_url(trim(url), &parts) && !parts.has_credentials && parts.scheme == "https" &&
	       parts.host == "api.replicate.com" && parts.port == "443";
}

} // namespace adiff
