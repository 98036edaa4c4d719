#include "obs/util/module_afterlife.hpp"

namespace adiff {

Afterlife &module_afterlife()
{
	static Afterlife afterlife;
	return afterlife;
}

} // namespace adiff
