#include "source_token.hpp"

#include "plugin_log.hpp"
#include "plugin_paths.hpp"
#include "settings_keys.hpp"

#include <cstdlib>

namespace adiff {

TokenMove move_typed_token(obs_data_t *settings)
{
	const std::string typed = obs_data_get_string(settings, keys::kApiToken);
	if (typed.empty())
		return TokenMove::NothingTyped;
	// Erase first: whatever happens next, the token must not stay in the scene collection.
	obs_data_erase(settings, keys::kApiToken);
	const std::string base = normalize_base_url(obs_data_get_string(settings, keys::kApiBaseUrl));
	TokenStore store(token_file_path());
	std::string error;
	if (!store.put(base, typed, &error)) {
		adiff_log(LOG_ERROR, "could not save the API token: %s", redact(error, typed).c_str());
		return TokenMove::Failed;
	}
	adiff_log(LOG_INFO, "API token saved for %s (%s)", base.c_str(), mask_token(typed).c_str());
	return TokenMove::Saved;
}

TokenLookup lookup_token(Backend backend, const std::string &api_base_url)
{
	const char *env = backend == Backend::Replicate ? getenv("REPLICATE_API_TOKEN") : nullptr;
	return TokenStore(token_file_path()).lookup(normalize_base_url(api_base_url), env);
}

} // namespace adiff
