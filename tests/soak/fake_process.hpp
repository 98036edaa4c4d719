// The fake Replicate in a child process, driven over loopback through its admin endpoints, so the
// soak's /proc figures measure the plugin's code alone: the fake keeps every request and prediction it
// saw (that is its job), which in-process would look like a leak of a few MiB per hundred generations.
#pragma once

#include "fake_replicate/fake_replicate.hpp"

#include <sys/types.h>

namespace adiff::soak {

class FakeProcess {
public:
	// Forks before the caller starts any thread; the child serves until this object is destroyed.
	explicit FakeProcess(test::FakeOptions options);
	~FakeProcess(); // SIGTERM + waitpid
	FakeProcess(const FakeProcess &) = delete;
	FakeProcess &operator=(const FakeProcess &) = delete;

	std::string base_url() const;
	const test::FakeOptions &options() const { return options_; }
	// POST /__fake/config (fake_config.cpp's JSON); throws when the fake refuses it.
	void configure(const nlohmann::json &config) const;
	void inject(test::Endpoint endpoint, test::Fault fault) const;
	// Requests the fake received at `endpoint` (GET /__fake/requests).
	int count(test::Endpoint endpoint) const;

private:
	test::FakeOptions options_;
	pid_t child_ = -1;
	int port_ = 0;
};

} // namespace adiff::soak
