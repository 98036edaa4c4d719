// Parts of the module that plugin/obs must not know (the frontend's dock, which needs Qt) join the
// module's life here: they register a post-load and an unload hook from their own code, and the module's
// entry points call them. The dependency stays one way: frontend -> obs, never obs -> frontend.
#pragma once

namespace adiff {

struct ModuleExtension {
	const char *name;
	void (*post_load)();
	void (*unload)();
};

// Called during static initialisation of the module's own objects (before obs_module_load).
bool add_module_extension(const ModuleExtension &extension);

void module_extensions_post_load();
void module_extensions_unload(); // in the reverse order of registration

} // namespace adiff
