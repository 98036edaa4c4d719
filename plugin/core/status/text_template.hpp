// Moved to core/util/text_template.hpp (clips and status both use it; status no longer sits under
// clips). Kept only until plugin/obs includes the new path; then delete this file.
#pragma once

#include "core/util/text_template.hpp"
