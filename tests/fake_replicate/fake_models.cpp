#include "fake_replicate/fake_models.hpp"

namespace adiff::test {
namespace {

// "{owner}/{name}" followed by exactly `suffix`.
bool match_name(const std::string &rest, const std::string &head, const std::string &suffix, std::string *name)
{
	if (rest.compare(0, head.size(), head) != 0 || rest.size() < head.size() + suffix.size())
		return false;
	if (rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) != 0)
		return false;
	const std::string middle = rest.substr(head.size(), rest.size() - head.size() - suffix.size());
	const size_t slash = middle.find('/');
	if (slash == std::string::npos || slash == 0 || slash + 1 == middle.size() ||
	    middle.find('/', slash + 1) != std::string::npos)
		return false;
	*name = middle;
	return true;
}

nlohmann::json not_found()
{
	return {{"detail", "Not found."}, {"status", 404}, {"title", "Not found"}};
}

} // namespace

bool match_model_path(const std::string &rest, std::string *name)
{
	return match_name(rest, "/models/", "", name);
}

bool match_deployment_path(const std::string &rest, std::string *name)
{
	return match_name(rest, "/deployments/", "/predictions", name);
}

FakeAnswer model_answer(const FakeOptions &options, const std::string &name)
{
	auto it = options.models.find(name);
	if (it == options.models.end())
		return {404, not_found()};
	const size_t slash = name.find('/');
	nlohmann::json latest = {{"id", it->second},
				 {"created_at", "2023-09-26T17:35:19.445937Z"},
				 {"cog_version", "0.8.6"},
				 {"openapi_schema", nlohmann::json::object()}};
	return {200,
		{{"url", "https://replicate.com/" + name},
		 {"owner", name.substr(0, slash)},
		 {"name", name.substr(slash + 1)},
		 {"description", "Animate Your Personalized Text-to-Image Diffusion Models"},
		 {"visibility", "public"},
		 {"run_count", 123456},
		 {"latest_version", latest}}};
}

std::optional<FakeAnswer> deployment_create_problem(const FakeOptions &options, const std::string &name,
						    const nlohmann::json &body, std::string *version)
{
	auto it = options.deployments.find(name);
	if (it == options.deployments.end())
		return FakeAnswer{404, not_found()};
	if (body.is_object() && body.contains("version"))
		return FakeAnswer{422,
				  {{"title", "Input validation failed"},
				   {"detail", "- version: Additional property version is not allowed"},
				   {"status", 422}}};
	*version = std::string(kAnimateDiffModel) + ":" + it->second;
	return std::nullopt;
}

} // namespace adiff::test
