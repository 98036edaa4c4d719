// Fill {name} placeholders in a localised template. Unknown placeholders are left as they are, so a
// translation that forgets one still reads; values are inserted verbatim (never re-expanded).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace adiff {

using TemplateArgs = std::vector<std::pair<std::string, std::string>>;

std::string format_template(const std::string &text, const TemplateArgs &args);

} // namespace adiff
