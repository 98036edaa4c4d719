// One generation at a time, on a thread this object owns: submit -> follow progress -> download -> file.
// The owner (the OBS source) creates one Generator and destroys it with the source. The destructor
// returns at once and no status reaches the owner after it: with an Afterlife, a generation still in
// flight is handed to it (it lets a held create answer, then cancels the prediction remotely);
// without one, it cancels remotely (best effort, bounded) and joins the thread in well under a second.
#pragma once

#include "core/config/backend_config.hpp"
#include "core/config/model_params.hpp"
#include "core/status/status.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace adiff {

class Afterlife;
class ModelVersionCache; // setlist hook: core/generation/model_version_lookup.hpp

struct GenerationRequest {
	BackendConfig backend;
	ModelParams params;          // validated; seed already resolved (never 0)
	bool seed_was_random = true; // false: the user fixed the seed, so a clip on disk can be reused
	// setlist hook: the source's session cache of `owner/name` -> latest version id (may be null).
	std::shared_ptr<ModelVersionCache> version_cache;
};

struct GeneratorConfig {
	std::string clip_dir; // where finished clips are written (atomically)
	// Prefer: wait=N on create (1..60). Short on purpose: until the create answers, the prediction id is
	// unknown, so a shutdown cannot cancel it remotely; polling every 0.5 s after that costs nothing.
	int prefer_wait_s = 5;
	int poll_interval_ms = 500;             // between GETs when the prediction is not final yet
	int max_generation_s = 15 * 60;         // give up (and cancel remotely) after this long
	long connect_timeout_ms = 10000;        // every API call; a create that never connected is resent
	uint64_t max_output_bytes = 200u << 20; // a larger output is refused (OutputTooLarge)
	int max_get_retries = 8;                // GET retries on 429/502/503/504/connection errors
	int max_create_retries = 3;             // create retries, ONLY when nothing can have been created
	int backoff_base_ms = 100;              // 0.1 * 2^(n-1) s, with jitter ...
	int backoff_cap_ms = 10000;             // ... capped; Retry-After honoured up to max_retry_after_s
	int max_retry_after_s = 60;
	int shutdown_cancel_timeout_ms = 400; // budget for the best-effort remote cancel on destroy
};

class Generator {
public:
	// Called from the worker thread on every change (state, progress, final). Must not block long.
	using StatusFn = std::function<void(const Status &)>;

	// `afterlife` (may be null) must outlive this Generator; the module owns it.
	Generator(GeneratorConfig config, StatusFn on_status, Afterlife *afterlife = nullptr);
	~Generator();
	Generator(const Generator &) = delete;
	Generator &operator=(const Generator &) = delete;

	enum class StartResult { Started, Busy };

	// Snapshot `request` and start. Busy when a generation is already running (nothing is queued).
	StartResult start(GenerationRequest request);

	// Stop waiting, cancel the remote prediction, end in State::Canceled. No-op when idle.
	void cancel();

	Status status() const; // a copy of the latest status
	bool busy() const;

private:
	struct Impl;
	class Orphan;
	std::unique_ptr<Impl> impl_;
	Afterlife *afterlife_ = nullptr;
};

} // namespace adiff
