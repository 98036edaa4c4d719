#include "obs/source/source_token.hpp"

#include "obs/module/plugin_log.hpp"
#include "obs/module/plugin_paths.hpp"
#include "obs/source/settings_keys.hpp"
#include "core/net/url_policy.hpp"

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
	const BaseUrlProblem problem = check_api_base_url(base);
	if (problem == BaseUrlProblem::Credentials || problem == BaseUrlProblem::Query ||
	    problem == BaseUrlProblem::Fragment) {
		// Never a token file key holding a password (nor a log line naming it): fix the URL first.
		adiff_log(LOG_WARNING, "API token not saved: the API base URL is refused (%s)",
			  base_url_problem_id(problem));
		return TokenMove::Failed;
	}
	TokenStore store(token_file_path());
	std::string error;
	if (!store.put(base, typed, &error)) {
		adiff_log(LOG_ERROR, "could not save the API token: %s", redact(error, typed).c_str());
		return TokenMove::Failed;
	}
	adiff_log(LOG_INFO, "API token saved for %s (%s)", base.c_str(), mask_token(typed).c_str());
	return TokenMove::Saved;
}

bool environment_token_allowed(Backend backend, const std::string &api_base_url)
{
	return backend == Backend::Replicate && is_replicate_api_origin(api_base_url);
}

TokenLookup lookup_token(Backend backend, const std::string &api_base_url)
{
	const char *env = environment_token_allowed(backend, api_base_url) ? getenv("REPLICATE_API_TOKEN") : nullptr;
	return TokenStore(token_file_path()).lookup(normalize_base_url(api_base_url), env);
}

} // namespace adiff
