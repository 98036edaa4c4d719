// Calling the AnimateDiff source's procs from libobs tests, as a Lua/Python script does.
#pragma once

#include <gtest/gtest.h>
#include <obs.h>

#include <nlohmann/json.hpp>

#include <functional>

namespace adiff::test {

// Calls proc `name` on `source` (after `in` sets its parameters) and returns its `json` answer, parsed
// (null when there is none or it is not JSON). A proc the source does not have fails the test.
inline nlohmann::json call_source_proc(obs_source_t *source, const char *name,
				       const std::function<void(calldata_t *)> &in = {})
{
	calldata_t cd;
	calldata_init(&cd);
	if (in)
		in(&cd);
	EXPECT_TRUE(proc_handler_call(obs_source_get_proc_handler(source), name, &cd)) << "no proc " << name;
	const char *text = calldata_string(&cd, "json");
	nlohmann::json answer = nlohmann::json::parse(text ? text : "null", nullptr, false);
	calldata_free(&cd);
	return answer;
}

// The status as scripts see it (the get_status proc).
inline nlohmann::json source_status(obs_source_t *source)
{
	return call_source_proc(source, "get_status");
}

} // namespace adiff::test
