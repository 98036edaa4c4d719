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

// A part as curl holds it (not decoded, case kept); empty when absent.
std::string raw_part(CURLU *handle, CURLUPart part)
{
	char *value = nullptr;
	if (curl_url_get(handle, part, &value, 0) != CURLUE_OK)
		return {};
	std::string text = value ? value : "";
	curl_free(value);
	return text;
}

// scheme://[user[:password]@]host[:port]path[?query][#fragment], scheme and host lower-cased.
std::string rebuild_url(CURLU *handle)
{
	const std::string host = raw_part(handle, CURLUPART_HOST);
	if (host.empty())
		return {};
	std::string url = ascii_lower(raw_part(handle, CURLUPART_SCHEME)) + "://";
	const std::string user = raw_part(handle, CURLUPART_USER), password = raw_part(handle, CURLUPART_PASSWORD);
	if (!user.empty() || !password.empty())
		url += user + (password.empty() ? "" : ":" + password) + "@";
	url += ascii_lower(host);
	const std::string port = raw_part(handle, CURLUPART_PORT);
	if (!port.empty())
		url += ":" + port;
	url += raw_part(handle, CURLUPART_PATH);
	const std::string query = raw_part(handle, CURLUPART_QUERY), fragment = raw_part(handle, CURLUPART_FRAGMENT);
	if (!query.empty())
		url += "?" + query;
	if (!fragment.empty())
		url += "#" + fragment;
	return url;
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
	// Parsed by curl like every other URL here. As-is: the path keeps its case and dot segments and the
	// credentials their case, so the keys of tokens already saved do not change; only the scheme and the
	// host are lower-cased. Not a URL: the trimmed text (the policy checks refuse it later).
	CURLU *handle = curl_url();
	if (!handle)
		return out;
	std::string rebuilt;
	if (curl_url_set(handle, CURLUPART_URL, out.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_PATH_AS_IS) == CURLUE_OK)
		rebuilt = rebuild_url(handle);
	curl_url_cleanup(handle);
	while (!rebuilt.empty() && rebuilt.back() == '/') // curl gives an empty path as "/"
		rebuilt.pop_back();
	return rebuilt.empty() ? out : rebuilt;
}

std::string base_url_without_credentials(const std::string &url)
{
	const std::string normal = normalize_base_url(url);
	CURLU *handle = curl_url();
	if (!handle)
		return normal;
	std::string rebuilt;
	if (curl_url_set(handle, CURLUPART_URL, normal.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_PATH_AS_IS) ==
	    CURLUE_OK) {
		curl_url_set(handle, CURLUPART_USER, nullptr, 0);
		curl_url_set(handle, CURLUPART_PASSWORD, nullptr, 0);
		curl_url_set(handle, CURLUPART_OPTIONS, nullptr, 0);
		rebuilt = rebuild_url(handle);
	}
	curl_url_cleanup(handle);
	while (!rebuilt.empty() && rebuilt.back() == '/')
		rebuilt.pop_back();
	return rebuilt.empty() ? normal : rebuilt;
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
