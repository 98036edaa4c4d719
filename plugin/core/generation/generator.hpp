// One generation at a time, on a thread this object owns: submit -> follow progress -> download -> file.
// The owner (the OBS source) creates one Generator and destroys it with the source. The destructor
// returns at once and no status reaches the owner after it: with an Afterlife, a generation still in
// flight is handed to it (it lets a held create answer, then cancels the prediction remotely);
// without one, it cancels remotely (best effort, bounded) and joins the thread in well under a second.
#pragma once

#include "core/generation/generation_request.hpp"
#include "core/status/status.hpp"

#include <functional>
#include <memory>
#include <string>

namespace adiff {

class Afterlife;

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

	// The source was renamed: the next generation's log lines carry the new name (one under way keeps
	// the name it started with).
	void set_log_name(std::string name);

	Status status() const; // a copy of the latest status
	bool busy() const;

private:
	struct Impl;
	class Orphan;
	std::unique_ptr<Impl> impl_;
	Afterlife *afterlife_ = nullptr;
};

} // namespace adiff
