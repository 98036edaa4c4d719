// Where a generation is sent and how: Replicate (or any relay speaking its API) or a Cog server.
#pragma once

#include <string>

namespace adiff {

enum class Backend { Replicate, Cog };

const char *backend_id(Backend backend);                 // "replicate" / "cog" (the settings value)
bool parse_backend(const std::string &id, Backend *out); // false for anything unknown

struct BackendConfig {
	Backend backend = Backend::Replicate;
	std::string api_base_url; // e.g. https://api.replicate.com/v1, https://relay/replicate/v1, http://127.0.0.1:5000
	std::string model_version; // owner/name:hash or bare hash (Replicate only)
	std::string token;         // bearer token; never logged, never stored in settings
	// owner/name of a Replicate deployment; when set, model_version is not sent.
	std::string deployment;
};

} // namespace adiff
