#include "support/code_locale_keys.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace adiff::test {
namespace {

struct Literal {
	std::string text;   // the characters between the quotes, escapes left as written
	std::string before; // the code (comments removed) that precedes the literal on its statement
	int line = 0;
};

// Walks the text once, like the compiler's lexer would for our purposes: comments, character literals,
// ordinary and raw string literals. Keeps the comment-free code that leads up to each literal.
std::vector<Literal> string_literals(const std::string &code)
{
	std::vector<Literal> out;
	std::string context; // comment-free code since the last ';', '{' or '}'
	int line = 1;
	size_t i = 0;
	const size_t n = code.size();
	auto advance = [&](size_t to) {
		for (; i < to && i < n; ++i)
			if (code[i] == '\n')
				++line;
	};
	while (i < n) {
		const char c = code[i];
		if (c == '/' && i + 1 < n && code[i + 1] == '/') {
			const size_t end = code.find('\n', i);
			advance(end == std::string::npos ? n : end);
		} else if (c == '/' && i + 1 < n && code[i + 1] == '*') {
			const size_t end = code.find("*/", i + 2);
			advance(end == std::string::npos ? n : end + 2);
			context += ' ';
		} else if (c == 'R' && i + 1 < n && code[i + 1] == '"' &&
			   (i == 0 || !(std::isalnum(static_cast<unsigned char>(code[i - 1])) || code[i - 1] == '_'))) {
			const size_t open = code.find('(', i + 2);
			if (open == std::string::npos)
				break;
			const std::string closing = ")" + code.substr(i + 2, open - i - 2) + "\"";
			const size_t end = code.find(closing, open);
			const size_t stop = end == std::string::npos ? n : end + closing.size();
			out.push_back({code.substr(open + 1, (end == std::string::npos ? n : end) - open - 1), context,
				       line});
			advance(stop);
			context += "\"\"";
		} else if (c == '"' || c == '\'') {
			size_t j = i + 1;
			while (j < n && code[j] != c && code[j] != '\n')
				j += code[j] == '\\' ? 2 : 1;
			if (c == '"')
				out.push_back({code.substr(i + 1, std::min(j, n) - i - 1), context, line});
			advance(std::min(j + 1, n));
			context += c == '"' ? "\"\"" : "''";
		} else {
			if (c == ';' || c == '{' || c == '}')
				context.clear();
			else
				context += c;
			advance(i + 1);
		}
	}
	return out;
}

bool ends_with_lookup_call(const std::string &before)
{
	static const std::regex lookup(R"((^|[^A-Za-z0-9_])(obs_module_text|T|tr|translate)\s*\(\s*$)");
	return std::regex_search(before, lookup);
}

bool is_hotkey_id(const std::string &before)
{
	static const std::regex hotkey(R"(obs_hotkey_(pair_)?register_\w+\s*\([^()]*$)");
	return std::regex_search(before, hotkey);
}

bool has_key_shape(const std::string &text)
{
	static const std::regex shape(R"([A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)+)");
	return std::regex_match(text, shape);
}

} // namespace

std::vector<CodeKey> locale_keys_in_code(const std::string &code, const std::string &file)
{
	std::vector<CodeKey> keys;
	for (const Literal &literal : string_literals(code)) {
		if (is_hotkey_id(literal.before))
			continue;
		if (ends_with_lookup_call(literal.before) || has_key_shape(literal.text))
			keys.push_back({literal.text, file + ":" + std::to_string(literal.line)});
	}
	return keys;
}

std::vector<CodeKey> locale_keys_in_tree(const std::string &dir)
{
	std::vector<CodeKey> keys;
	for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
		const std::string ext = entry.path().extension().string();
		if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".h" && ext != ".c"))
			continue;
		std::ifstream in(entry.path(), std::ios::binary);
		std::ostringstream text;
		text << in.rdbuf();
		const std::string relative = std::filesystem::relative(entry.path(), dir).string();
		for (CodeKey &key : locale_keys_in_code(text.str(), relative))
			keys.push_back(std::move(key));
	}
	return keys;
}

} // namespace adiff::test
