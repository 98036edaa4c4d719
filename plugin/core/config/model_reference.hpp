// Which model a Replicate create runs: a pinned version (`owner/name:<id>` or a bare id, sent as is), a
// model name alone (`owner/name`: its latest version is looked up first), or a deployment (`owner/name`
// of a Replicate deployment, created through its own endpoint with no version at all).
#pragma once

#include <string>

namespace adiff {

enum class VersionForm {
	Pinned,  // owner/name:<64 hex> or <64 hex>
	Latest,  // owner/name: resolve latest_version.id first
	Invalid, // neither
};

// Owner and name as Replicate spells them: letters, digits, '-', '_', '.'; exactly one '/'.
bool model_name_valid(const std::string &owner_slash_name);
VersionForm version_form(const std::string &model_version);

inline constexpr const char *kModelReferenceForms = "owner/name, owner/name:<64 hex digits> or <64 hex digits>";
inline constexpr const char *kDeploymentForm = "owner/name";

} // namespace adiff
