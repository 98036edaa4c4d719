// `owner/name` alone: GET {base}/models/{owner}/{name} and take latest_version.id (Replicate's
// versionless create serves official models only; lucataco/animate-diff is a community model). A read:
// retried like the other GETs, never a create.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace adiff {

class GenerationJob;

// Per source, for the session (the source owns it and hands it to every request): a model's latest
// version is looked up once, not before every clip. Keyed by API base and model name. Thread-safe.
class ModelVersionCache {
public:
	std::optional<std::string> find(const std::string &base_url, const std::string &model) const;
	void store(const std::string &base_url, const std::string &model, const std::string &version_id);

private:
	mutable std::mutex mutex_;
	std::map<std::string, std::string> versions_;
};

// The latest version id of `model` (owner/name). On failure the job fails with a clear status
// (UnknownModel for 404, else the usual API/transport errors) and false is returned.
bool lookup_latest_version(GenerationJob &job, const std::string &model, std::string *version_id);

} // namespace adiff
