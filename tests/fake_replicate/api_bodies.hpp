// The bodies Replicate (and Cog) answer with: errors, validation problems and faults, verbatim in shape.
#pragma once

#include "fake_replicate/fake_replicate.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace adiff::test {

// One invalid input, described both the way Replicate says it and the way Cog's FastAPI says it.
struct InputProblem {
	std::string field;       // "steps" ("" = the body itself)
	std::string description; // Replicate: "Must be less than or equal to 100"
	std::string cog_msg;     // FastAPI/pydantic: "ensure this value is less than or equal to 100"
	std::string cog_type;    // "value_error.number.not_le"
};

// Checks an input object against lucataco/animate-diff's schema.
std::vector<InputProblem> validate_input(const nlohmann::json &input);

nlohmann::json error_body(int status, const std::string &title, const std::string &detail);
nlohmann::json invalid_version_body();
nlohmann::json invalid_fields_body(const std::vector<InputProblem> &problems);
nlohmann::json cog_validation_body(const std::vector<InputProblem> &problems);

struct FaultAnswer {
	int status = 500;
	std::string content_type = "application/json";
	std::string body;
	std::vector<std::pair<std::string, std::string>> headers;
};
// The answer of a fault that is a plain HTTP response (not Reset, Stall or TooLarge).
FaultAnswer fault_answer(Fault fault, Endpoint endpoint, int retry_after_s);

std::string base64(const std::string &bytes);
std::string iso_time(std::chrono::system_clock::time_point when); // 2025-07-29T09:25:54.685Z
std::string fake_png_bytes();

} // namespace adiff::test
