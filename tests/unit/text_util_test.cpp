// Whitespace as pasted tokens, header values and prompts carry it.
#include "core/text_util.hpp"

#include <gtest/gtest.h>

namespace adiff {
namespace {

TEST(TextUtil, TrimRemovesEveryKindOfAsciiWhitespaceAtBothEndsOnly)
{
	EXPECT_EQ(trim(" \t r8_abc def\r\n\f\v"), "r8_abc def");
	EXPECT_EQ(trim("30"), "30");
	EXPECT_EQ(trim(" \n "), "");
	EXPECT_EQ(trim(""), "");
	EXPECT_EQ(trim("雨 "), "雨"); // UTF-8 bytes are never whitespace
}

TEST(TextUtil, IsSpaceIsTheAsciiSetOnly)
{
	for (char c : {' ', '\t', '\n', '\r', '\f', '\v'})
		EXPECT_TRUE(is_space(c)) << int(c);
	for (char c : {'a', '0', '\0', char(0xA0), char(0xE3)})
		EXPECT_FALSE(is_space(c)) << int(c);
}

} // namespace
} // namespace adiff
