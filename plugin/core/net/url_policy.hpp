// Which URLs the plugin talks to: the scheme policy of every request, and what an API base URL taken
// from settings (a scene collection anyone may share) is allowed to look like.
#pragma once

#include <string>

namespace adiff {

// An API base URL as the token file keys it and requests are built from it: spaces and trailing slashes
// trimmed, scheme and host lower-cased; the path (a relay may route on it) and user:password@ kept as
// they are. Split by hand, not by libcurl: curl would also rewrite other parts (IPv4 forms, encoding),
// which would change the keys of tokens users already saved.
std::string normalize_base_url(const std::string &url);
// normalize_base_url without any user:password@ part (a token file key written by an older version that
// accepted such base URLs; the password must not stay on disk).
std::string base_url_without_credentials(const std::string &url);

// true for https; for http only when the host is loopback (127.0.0.0/8, ::1, localhost).
bool url_scheme_allowed(const std::string &url, std::string *why = nullptr);
bool is_loopback_url(const std::string &url);

// Why an API base URL is refused. The id (api_base_url_problem_id) is the status detail; it never
// contains the URL itself, which may hold a password.
enum class BaseUrlProblem { None, Invalid, Credentials, Query, Fragment, Scheme };
const char *base_url_problem_id(BaseUrlProblem problem); // "", "invalid", "credentials", "query", ...

// An API base is a plain origin plus path: user:password@, ?query and #fragment are refused (a
// password there would be logged, shown and used as a token file key; a query or fragment cannot be
// combined with "/predictions"). The scheme policy above applies too.
BaseUrlProblem check_api_base_url(const std::string &url);

// Same scheme, host and port (default ports made explicit), as libcurl parses them; false when either
// does not parse. The token goes only to the origin it was saved for (redirects, urls.get/cancel).
bool same_origin(const std::string &a, const std::string &b);

// True only for Replicate's own API origin, https://api.replicate.com (port 443, no credentials):
// the one place REPLICATE_API_TOKEN may be sent. An origin comparison, never a substring test.
bool is_replicate_api_origin(const std::string &url);

} // namespace adiff
