#include "core/config/backend_config.hpp"

namespace adiff {

const char *backend_id(Backend backend)
{
	return backend == Backend::Cog ? "cog" : "replicate";
}

bool parse_backend(const std::string &id, Backend *out)
{
	if (id == "replicate") {
		*out = Backend::Replicate;
		return true;
	}
	if (id == "cog") {
		*out = Backend::Cog;
		return true;
	}
	return false;
}

} // namespace adiff
