#include "core/util/text_template.hpp"

namespace adiff {

std::string format_template(const std::string &text, const TemplateArgs &args)
{
	std::string out;
	out.reserve(text.size());
	size_t i = 0;
	while (i < text.size()) {
		if (text[i] == '{') {
			const size_t close = text.find('}', i + 1);
			if (close != std::string::npos) {
				const std::string name = text.substr(i + 1, close - i - 1);
				bool replaced = false;
				for (const auto &[key, value] : args) {
					if (key == name) {
						out += value;
						replaced = true;
						break;
					}
				}
				if (replaced) {
					i = close + 1;
					continue;
				}
			}
		}
		out += text[i++];
	}
	return out;
}

} // namespace adiff
