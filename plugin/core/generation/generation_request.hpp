// What one generation is asked to make (GenerationRequest) and the limits every generation of a source
// runs under (GeneratorConfig). Its own header so the pipeline steps (job, backends, download) need not
// include the Generator that runs them.
#pragma once

#include "core/config/backend_config.hpp"
#include "core/config/model_params.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace adiff {

class ModelVersionCache; // core/generation/model_version_lookup.hpp

struct GenerationRequest {
	BackendConfig backend;
	ModelParams params;          // validated; seed already resolved (never 0)
	bool seed_was_random = true; // false: the user fixed the seed, so a clip on disk can be reused
	// The source's session cache of `owner/name` -> latest version id (may be null: looked up every time).
	std::shared_ptr<ModelVersionCache> version_cache;
};

struct GeneratorConfig {
	std::string clip_dir; // where finished clips are written (atomically)
	// Names the generation's log lines ("[obs-animatediff: 'name'] ..."): the OBS source's name. Empty:
	// module-wide lines. Generator::set_log_name updates it; each generation copies it when it starts.
	std::string log_name;
	int poll_interval_ms = 500;             // between GETs when the prediction is not final yet
	int max_generation_s = 15 * 60;         // give up (and cancel remotely) after this long
	long connect_timeout_ms = 10000;        // every API call; a create that never connected is resent
	uint64_t max_output_bytes = 200u << 20; // a larger output is refused (OutputTooLarge)
	int max_get_retries = 8;                // read and download retries on 429/5xx/connection errors
	int max_create_retries = 3;             // create retries, ONLY when nothing can have been created
	int backoff_base_ms = 100;              // 0.1 * 2^(n-1) s, with jitter ...
	int backoff_cap_ms = 10000;             // ... capped; Retry-After honoured up to max_retry_after_s
	int max_retry_after_s = 60;
	int shutdown_cancel_timeout_ms = 400; // budget for the best-effort remote cancel on destroy
};

} // namespace adiff
