#include "core/config/model_reference.hpp"

#include "core/config/model_params.hpp"

#include <algorithm>

namespace adiff {
namespace {

bool is_name(const std::string &name)
{
	return !name.empty() && name != "." && name != ".." && std::all_of(name.begin(), name.end(), [](char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		       c == '_' || c == '.';
	});
}

} // namespace

bool model_name_valid(const std::string &owner_slash_name)
{
	const size_t slash = owner_slash_name.find('/');
	return slash != std::string::npos && is_name(owner_slash_name.substr(0, slash)) &&
	       is_name(owner_slash_name.substr(slash + 1));
}

VersionForm version_form(const std::string &model_version)
{
	if (model_version_valid(model_version))
		return VersionForm::Pinned;
	if (model_name_valid(model_version))
		return VersionForm::Latest;
	return VersionForm::Invalid;
}

} // namespace adiff
