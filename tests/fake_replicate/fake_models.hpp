// The model lookup and the deployment create of the fake Replicate, kept apart from fake_replicate.cpp:
// GET {prefix}/models/{owner}/{name} answers the model with its latest_version (404 for unknown ones);
// POST {prefix}/deployments/{owner}/{name}/predictions creates with the deployment's own version (404
// for an unknown deployment; a body that names a version is refused, as a deployment runs its own).
#pragma once

#include "fake_replicate/fake_replicate.hpp"

#include <optional>
#include <string>

namespace adiff::test {

struct FakeAnswer {
	int status = 200;
	nlohmann::json body;
};

// `rest` is the path after the API prefix. owner/name into *name when it matches.
bool match_model_path(const std::string &rest, std::string *name);
bool match_deployment_path(const std::string &rest, std::string *name);

// The answer to GET /models/{name} (authorization already checked by the caller).
FakeAnswer model_answer(const FakeOptions &options, const std::string &name);

// A deployment create: the version it runs (owner/name:hash) in *version, or the error answer.
std::optional<FakeAnswer> deployment_create_problem(const FakeOptions &options, const std::string &name,
						    const nlohmann::json &body, std::string *version);

} // namespace adiff::test
