// API tokens live in a per-user file (mode 0600) keyed by API base URL, never in scene collections.
// Lookup order: the token file entry for the base URL, then REPLICATE_API_TOKEN.
#pragma once

#include "core/net/url_policy.hpp" // normalize_base_url: the key of the token file

#include <optional>
#include <string>

namespace adiff {

enum class TokenSource { None, File, Environment };

struct TokenLookup {
	std::string token;
	TokenSource source = TokenSource::None;
};

class TokenStore {
public:
	explicit TokenStore(std::string file_path);

	std::optional<std::string> get(const std::string &api_base_url) const;
	// Writes atomically with mode 0600 (the folder is created 0700 when missing).
	bool put(const std::string &api_base_url, const std::string &token, std::string *error);
	bool erase(const std::string &api_base_url, std::string *error);

	TokenLookup lookup(const std::string &api_base_url, const char *env_value) const;

private:
	std::string path_;
};

// "••••abcd": at most the last 4 characters; short tokens show none.
std::string mask_token(const std::string &token);
// Replace every occurrence of `token` in `text` (for anything that could echo it back).
std::string redact(std::string text, const std::string &token);

} // namespace adiff
