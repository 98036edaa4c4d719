// Running one generation against the fake API for the fault tests: its final status, every status seen
// and the log lines, with the check that the token leaked into none of them.
#pragma once

#include "support/log_capture.hpp"
#include "core/generation/generator.hpp"
#include "core/util/log.hpp"
#include "fake_replicate/generation_harness.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace adiff::test {

using namespace std::chrono_literals;

struct RunResult {
	Status final;
	std::vector<Status> seen;
	std::vector<std::string> log_lines;
	double seconds = 0;
};

// Runs one generation to its end and checks the token leaked nowhere on the way.
inline RunResult run(FakeReplicate &fake, GeneratorConfig config, GenerationRequest request,
		     std::chrono::milliseconds limit = 15s)
{
	TempDir dir;
	config.clip_dir = dir.path();
	LogCapture capture;
	StatusLog log;
	RunResult out;
	auto start = std::chrono::steady_clock::now();
	auto final = run_generation(request, config, log, limit);
	EXPECT_TRUE(final.has_value()) << "no start, or no final status within the limit";
	if (final)
		out.final = *final;
	out.seconds = seconds_since(start);
	out.seen = log.seen();
	out.log_lines = capture.lines();
	// The secret is the one the server expects; a test may clear the request's token, and an empty
	// string would be "found" in every line.
	const std::string token = fake.options().token;
	EXPECT_FALSE(token.empty());
	for (const auto &line : out.log_lines)
		EXPECT_EQ(line.find(token), std::string::npos) << "token in log line: " << line;
	for (const auto &s : out.seen)
		EXPECT_EQ(s.detail.find(token), std::string::npos) << "token in status detail: " << s.detail;
	return out;
}

inline std::string describe(const Status &s)
{
	return std::string(state_id(s.state)) + "/" + error_id(s.error) + " http " + std::to_string(s.http_status) +
	       " detail '" + s.detail + "'";
}

} // namespace adiff::test
