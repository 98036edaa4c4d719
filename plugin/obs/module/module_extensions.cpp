#include "obs/module/module_extensions.hpp"

#include <vector>

namespace adiff {
namespace {

// A function-local list: extensions register from other translation units' static initialisers,
// whose order against a namespace-scope vector would be unspecified.
std::vector<ModuleExtension> &extensions()
{
	static std::vector<ModuleExtension> list;
	return list;
}

} // namespace

bool add_module_extension(const ModuleExtension &extension)
{
	extensions().push_back(extension);
	return true;
}

void module_extensions_post_load()
{
	for (const ModuleExtension &extension : extensions())
		if (extension.post_load)
			extension.post_load();
}

void module_extensions_unload()
{
	for (auto it = extensions().rbegin(); it != extensions().rend(); ++it)
		if (it->unload)
			it->unload();
}

} // namespace adiff
