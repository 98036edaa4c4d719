// The source's side of token safety: a typed token moves into the token file at once, and lookups follow
// the documented order (token file for the base URL, then REPLICATE_API_TOKEN for Replicate/relays).
#pragma once

#include "core/backend_config.hpp"
#include "core/token_store.hpp"

#include <obs-data.h>

#include <string>

namespace adiff {

enum class TokenMove { NothingTyped, Saved, Failed };

// Moves `api_token` from the settings into the token file, erasing it from the settings first.
TokenMove move_typed_token(obs_data_t *settings);

// The token to use for a backend. A Cog server is the user's own: the environment's Replicate token is
// never sent to it (only a token saved for that exact address is).
TokenLookup lookup_token(Backend backend, const std::string &api_base_url);

} // namespace adiff
