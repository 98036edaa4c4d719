// Finds the locale keys that the plugin's C++ code asks for, by reading the source text, so a test can
// check that every one of them exists in every shipped locale (a missing key makes OBS show the raw key).
//
// A string literal counts as a key when
// - it is the first argument of a lookup: obs_module_text("K"), T("K"), tr("K"), translate("K"); or
// - it has the shape of this project's keys anywhere else (Section.Name, dotted, each part starting with
//   a capital): that is how keys picked from tables reach a lookup (status.cpp's error table,
//   decode_error_key(), error_with("Live.UnknownInput", ...)).
// Literals inside comments are skipped, and so are the ids given to obs_hotkey_register_source (names
// saved in the profile, not text; their visible text is a separate obs_module_text call).
#pragma once

#include <set>
#include <string>
#include <vector>

namespace adiff::test {

struct CodeKey {
	std::string key;
	std::string where; // "file.cpp:line"
};

// Keys in one C++ source text; `file` only labels the results.
std::vector<CodeKey> locale_keys_in_code(const std::string &code, const std::string &file);
// Keys in every .cpp/.hpp file under `dir`, recursively.
std::vector<CodeKey> locale_keys_in_tree(const std::string &dir);

} // namespace adiff::test
