#include "text_util.hpp"

namespace adiff {

bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string trim(const std::string &text)
{
	size_t begin = 0, end = text.size();
	while (begin < end && is_space(text[begin]))
		begin++;
	while (end > begin && is_space(text[end - 1]))
		end--;
	return text.substr(begin, end - begin);
}

} // namespace adiff
