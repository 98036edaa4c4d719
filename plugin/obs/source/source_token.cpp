#include "obs/source/source_token.hpp"

#include "obs/util/settings_keys.hpp"
#include "obs/util/plugin_log.hpp"
#include "obs/util/plugin_paths.hpp"
#include "core/net/url_policy.hpp"
#include "core/util/text_util.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>

namespace adiff {
namespace {

// Saved tokens by token file and normalised base URL (nullopt: known to have none). Keyed by the file
// too, so a second libobs session in the same process (tests) never sees another folder's tokens.
class TokenMemory {
public:
	bool known(const std::string &file, const std::string &base)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return tokens_[file].count(base) != 0;
	}
	void set(const std::string &file, const std::string &base, std::optional<std::string> token)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		tokens_[file][base] = std::move(token);
	}
	std::optional<std::string> get(const std::string &file, const std::string &base)
	{
		std::lock_guard<std::mutex> lock(mutex_);
		const auto &saved = tokens_[file];
		const auto it = saved.find(base);
		return it == saved.end() ? std::nullopt : it->second;
	}

private:
	std::mutex mutex_;
	std::map<std::string, std::map<std::string, std::optional<std::string>>> tokens_;
};

TokenMemory &memory()
{
	static TokenMemory instance;
	return instance;
}

} // namespace

bool refused_as_token_key(BaseUrlProblem problem)
{
	return problem == BaseUrlProblem::Credentials || problem == BaseUrlProblem::Query ||
	       problem == BaseUrlProblem::Fragment;
}

TokenMove move_typed_token(obs_source_t *source, obs_data_t *settings)
{
	const std::string typed = obs_data_get_string(settings, keys::kApiToken);
	if (typed.empty())
		return TokenMove::NothingTyped;
	// Erase first: whatever happens next, the token must not stay in the scene collection.
	obs_data_erase(settings, keys::kApiToken);
	const std::string base = normalize_base_url(obs_data_get_string(settings, keys::kApiBaseUrl));
	const BaseUrlProblem problem = check_api_base_url(base);
	if (refused_as_token_key(problem)) {
		// Never a token file key holding a password (nor a log line naming it): fix the URL first.
		adiff_source_log(source, LOG_WARNING, "API token not saved: the API base URL is refused (%s)",
				 base_url_problem_id(problem));
		return TokenMove::Failed;
	}
	const std::string file = token_file_path();
	std::string error;
	if (!TokenStore(file).put(base, typed, &error)) {
		adiff_source_log(source, LOG_ERROR, "could not save the API token: %s", redact(error, typed).c_str());
		return TokenMove::Failed;
	}
	const std::string saved = trim(typed); // as TokenStore stores it
	memory().set(file, base, saved.empty() ? std::nullopt : std::optional<std::string>(saved));
	adiff_source_log(source, LOG_INFO, "API token saved for %s (%s)", base.c_str(), mask_token(typed).c_str());
	return TokenMove::Saved;
}

void load_saved_token(const std::string &api_base_url)
{
	const std::string base = normalize_base_url(api_base_url);
	const BaseUrlProblem problem = check_api_base_url(base);
	if (refused_as_token_key(problem))
		return; // never used as a token key (nor kept in memory)
	const std::string file = token_file_path();
	if (!memory().known(file, base))
		memory().set(file, base, TokenStore(file).get(base));
}

bool environment_token_allowed(Backend backend, const std::string &api_base_url)
{
	return backend == Backend::Replicate && is_replicate_api_origin(api_base_url);
}

TokenLookup lookup_token(Backend backend, const std::string &api_base_url)
{
	// The documented order, as TokenStore::lookup: the saved token for the address, then the variable.
	const std::string base = normalize_base_url(api_base_url);
	TokenLookup found;
	if (std::optional<std::string> saved = memory().get(token_file_path(), base)) {
		found.token = std::move(*saved);
		found.source = TokenSource::File;
		return found;
	}
	const char *env = environment_token_allowed(backend, base) ? getenv("REPLICATE_API_TOKEN") : nullptr;
	found.token = env ? trim(env) : std::string();
	found.source = found.token.empty() ? TokenSource::None : TokenSource::Environment;
	return found;
}

} // namespace adiff
