// The source's side of token safety: a typed token moves into the token file at once, and lookups follow
// the documented order (token file for the base URL, then REPLICATE_API_TOKEN for Replicate's origin).
//
// The token file is read once per API base URL and kept in memory: a source's update reads it when it
// first meets a base URL, every save writes memory and file together, and lookups (the properties
// panel, generation) read memory only, so building a panel on the UI thread never touches the disk.
#pragma once

#include "core/config/backend_config.hpp"
#include "core/config/token_store.hpp"
#include "core/net/url_policy.hpp"

#include <obs.h>

#include <string>

namespace adiff {

enum class TokenMove { NothingTyped, Saved, Failed };

// Moves `api_token` from the settings into the token file (and memory), erasing it from the settings
// first.
TokenMove move_typed_token(obs_source_t *source, obs_data_t *settings); // `source`: for its log lines

// Reads the token saved for this base URL into memory, unless it is there already (update path only).
void load_saved_token(const std::string &api_base_url);

// A base URL with a password, a query or a fragment is never a token file key (nor shown, nor logged).
bool refused_as_token_key(BaseUrlProblem problem);

// REPLICATE_API_TOKEN is Replicate's: it is used only for the Replicate backend on Replicate's own API
// origin (https://api.replicate.com). A relay, a Cog server or any other address a shared scene
// collection may name gets only a token saved for that exact address.
bool environment_token_allowed(Backend backend, const std::string &api_base_url);

// The token to use for a backend and base URL, in the documented order; from memory only.
TokenLookup lookup_token(Backend backend, const std::string &api_base_url);

} // namespace adiff
