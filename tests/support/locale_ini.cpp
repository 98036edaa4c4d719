#include "support/locale_ini.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace adiff::test {

namespace {

bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

std::string lower(std::string text)
{
	std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
	return text;
}

std::string at_line(size_t number, const std::string &what)
{
	return "line " + std::to_string(number) + ": " + what;
}

// The escapes text-lookup.c converts; other backslash pairs are kept literally, as OBS keeps them.
std::string unescape(const std::string &raw)
{
	std::string out;
	for (size_t i = 0; i < raw.size(); i++) {
		if (raw[i] == '\\' && i + 1 < raw.size()) {
			const char next = raw[i + 1];
			const char *replacement = next == 'n'   ? "\n"
						  : next == 't' ? "\t"
						  : next == 'r' ? "\r"
						  : next == '"' ? "\""
								: nullptr;
			if (replacement) {
				out += replacement;
				i++;
				continue;
			}
		}
		out += raw[i];
	}
	return out;
}

// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes decode as 0xFFFD.
uint32_t next_code_point(const std::string &text, size_t &i)
{
	const auto lead = static_cast<unsigned char>(text[i++]);
	if (lead < 0x80)
		return lead;
	size_t extra = (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : (lead & 0xF8) == 0xF0 ? 3 : 0;
	if (extra == 0)
		return 0xFFFD;
	uint32_t code_point = lead & (0x3F >> extra);
	for (; extra > 0; extra--) {
		if (i >= text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
			return 0xFFFD;
		code_point = (code_point << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
	}
	return code_point;
}

// Letters outside {placeholder}s: "{seed}" alone has nothing to translate.
bool has_letter(const std::string &value)
{
	std::string text = value;
	for (const std::string &name : placeholders(value)) {
		const std::string token = "{" + name + "}";
		for (size_t pos = text.find(token); pos != std::string::npos; pos = text.find(token))
			text.erase(pos, token.size());
	}
	return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c) != 0; });
}

} // namespace

LocaleIni parse_locale_ini(const std::string &text)
{
	LocaleIni ini;
	std::map<std::string, size_t> line_of_key; // lower-cased key -> line, as OBS matches keys
	std::istringstream lines(text);
	std::string line;
	size_t number = 0;
	while (std::getline(lines, line)) {
		number++;
		if (!line.empty() && line.back() == '\r')
			line.pop_back(); // CRLF files read the same in OBS
		if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
			line.erase(0, 3); // os_fread_utf8 skips a BOM
		if (std::all_of(line.begin(), line.end(), is_blank))
			continue;
		if (line[0] == '#')
			continue;
		if (line[0] == ';') {
			ini.problems.push_back(at_line(number, "';' is not a comment for OBS (use '#')"));
			continue;
		}
		if (is_blank(line[0])) {
			ini.problems.push_back(at_line(number, "leading blank: OBS would not read this key"));
			continue;
		}

		const size_t eq = line.find('=');
		if (eq == std::string::npos) {
			ini.problems.push_back(at_line(number, "no '=' in the line"));
			continue;
		}
		const std::string key = line.substr(0, eq);
		if (std::any_of(key.begin(), key.end(), [](char c) { return is_blank(c) || c == '"' || c == '#'; })) {
			ini.problems.push_back(at_line(number, "key '" + key + "' has blanks, quotes or '#'"));
			continue;
		}
		if (eq + 1 >= line.size() || line[eq + 1] != '"') {
			ini.problems.push_back(
				at_line(number, "value of '" + key + "' must start with '\"' right after '='"));
			continue;
		}

		// Find the closing quote, skipping escaped characters as text-lookup.c does.
		size_t close = std::string::npos;
		for (size_t i = eq + 2; i < line.size(); i++) {
			if (line[i] == '\\') {
				i++;
			} else if (line[i] == '"') {
				close = i;
				break;
			}
		}
		if (close == std::string::npos) {
			ini.problems.push_back(at_line(number, "value of '" + key + "' has no closing quote"));
			continue;
		}
		size_t rest = close + 1;
		while (rest < line.size() && is_blank(line[rest]))
			rest++;
		if (rest < line.size() && line[rest] != '#') {
			ini.problems.push_back(at_line(number, "text after the closing quote of '" + key + "'"));
			continue;
		}

		const std::string value = unescape(line.substr(eq + 2, close - eq - 2));
		if (value.empty()) {
			ini.problems.push_back(
				at_line(number, "'" + key + "' is empty (OBS then skips the next line too)"));
			continue;
		}
		const std::string folded = lower(key);
		const auto seen = line_of_key.find(folded);
		if (seen != line_of_key.end()) {
			ini.problems.push_back(at_line(number, "'" + key + "' repeats the key of line " +
								       std::to_string(seen->second) +
								       " (OBS keys ignore case)"));
			continue;
		}
		line_of_key[folded] = number;
		ini.entries[key] = value;
	}
	return ini;
}

LocaleIni load_locale_ini(const std::string &path)
{
	std::ifstream in(path, std::ios::binary);
	if (!in) {
		LocaleIni ini;
		ini.problems.push_back("cannot read " + path);
		return ini;
	}
	std::ostringstream text;
	text << in.rdbuf();
	return parse_locale_ini(text.str());
}

std::set<std::string> placeholders(const std::string &value)
{
	std::set<std::string> names;
	size_t open = value.find('{');
	while (open != std::string::npos) {
		const size_t close = value.find('}', open + 1);
		if (close == std::string::npos)
			break;
		const std::string name = value.substr(open + 1, close - open - 1);
		const bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
			return std::isalnum(c) || c == '_';
		});
		if (identifier)
			names.insert(name);
		open = value.find('{', identifier ? close + 1 : open + 1);
	}
	return names;
}

bool contains_cjk(const std::string &utf8)
{
	for (size_t i = 0; i < utf8.size();) {
		const uint32_t c = next_code_point(utf8, i);
		if ((c >= 0x3000 && c <= 0x30FF) || // CJK punctuation, kana
		    (c >= 0x3400 && c <= 0x4DBF) || // CJK extension A
		    (c >= 0x4E00 && c <= 0x9FFF) || // CJK unified ideographs
		    (c >= 0xF900 && c <= 0xFAFF) || // CJK compatibility ideographs
		    (c >= 0xFF00 && c <= 0xFFEF) || // full-width forms (，：（）)
		    (c >= 0x20000 && c <= 0x2FA1F)) // extensions B and later
			return true;
	}
	return false;
}

std::vector<std::string> compare_locales(const LocaleIni &english, const LocaleIni &chinese,
					 const std::set<std::string> &untranslated_ok)
{
	std::vector<std::string> problems;
	for (const auto &[key, value] : english.entries) {
		if (value.empty())
			problems.push_back("en-US '" + key + "' is empty");
		if (!chinese.entries.count(key))
			problems.push_back("zh-CN lacks '" + key + "'");
	}
	for (const auto &[key, value] : chinese.entries) {
		if (value.empty())
			problems.push_back("zh-CN '" + key + "' is empty");
		const auto english_it = english.entries.find(key);
		if (english_it == english.entries.end()) {
			problems.push_back("en-US lacks '" + key + "'");
			continue;
		}
		const std::set<std::string> en_names = placeholders(english_it->second);
		const std::set<std::string> zh_names = placeholders(value);
		for (const std::string &name : en_names)
			if (!zh_names.count(name))
				problems.push_back("zh-CN '" + key + "' lacks {" + name + "}");
		for (const std::string &name : zh_names)
			if (!en_names.count(name))
				problems.push_back("zh-CN '" + key + "' has {" + name + "} that en-US does not");
		if (!untranslated_ok.count(key) && has_letter(english_it->second) && !contains_cjk(value))
			problems.push_back("zh-CN '" + key + "' looks untranslated: \"" + value + "\"");
	}
	return problems;
}

} // namespace adiff::test
