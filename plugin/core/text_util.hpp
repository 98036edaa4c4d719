// Small text helpers shared by core: ASCII whitespace, as HTTP headers, pasted tokens and prompts have it.
#pragma once

#include <string>

namespace adiff {

// Space, tab, line breaks, form feed, vertical tab: the C locale's isspace, without the locale.
bool is_space(char c);

// The text without leading and trailing whitespace.
std::string trim(const std::string &text);

} // namespace adiff
