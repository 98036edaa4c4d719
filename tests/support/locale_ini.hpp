// Reads an OBS locale file (locale/<lang>.ini) the way libobs's text lookup does, and checks that two
// locales match. Strict on purpose: every line OBS would misread is reported as a problem.
//
// What libobs 29 (util/text-lookup.c) really does, checked against the library on this machine:
// - `Key="Value"` lines; `#` starts a comment (whole line, or after the closing quote);
// - `;` is NOT a comment: `; note` becomes a key, so it is reported;
// - inside the quotes `\n`, `\t`, `\r` and `\"` are unescaped; any other backslash stays as is;
// - keys are looked up case-insensitively (a later duplicate silently wins): duplicates are reported;
// - `Key=""` swallows the following line too; a value must not be empty;
// - a line with leading blanks, spaces around `=`, or an unquoted value is misread.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace adiff::test {

struct LocaleIni {
	std::map<std::string, std::string> entries; // key -> unescaped value
	std::vector<std::string> problems;          // "line 3: ..." for every line OBS would misread
};

LocaleIni parse_locale_ini(const std::string &text);
// A missing file is a problem ("cannot read ...") rather than an empty locale.
LocaleIni load_locale_ini(const std::string &path);

// The names of the {placeholder}s in a value.
std::set<std::string> placeholders(const std::string &value);

// True when the text holds at least one CJK ideograph or CJK punctuation/kana character.
bool contains_cjk(const std::string &utf8);

// Everything wrong between a reference locale and a translation: keys missing on either side, empty
// values, placeholders that differ, and (unless the key is in `untranslated_ok`) translated values
// with letters but no CJK character, i.e. English left untranslated. Empty when all is well.
std::vector<std::string> compare_locales(const LocaleIni &english, const LocaleIni &chinese,
					 const std::set<std::string> &untranslated_ok);

} // namespace adiff::test
