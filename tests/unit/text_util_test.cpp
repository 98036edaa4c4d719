// Whitespace as pasted tokens, header values and prompts carry it.
#include "core/util/text_util.hpp"

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

TEST(TextUtil, TextOfOnlyInvisibleCodePointsHasNothingVisible)
{
	// Ideographic space, no-break space, zero-width space/joiners, BOM, soft hyphen, word joiner,
	// narrow no-break space, line separator, variation selector, a tag character, Hangul filler.
	for (const char *text :
	     {"", " \t\r\n", "\u3000", "\u00a0", "\u200b", "\u200c\u200d", "\ufeff", "\u00ad", "\u2060", "\u202f",
	      "\u2028", "\ufe0f", "\U000E0041", "\u3164", "\u0085", "\u3000 \u00a0\u200b\ufeff\u2800"})
		EXPECT_FALSE(has_visible_text(text)) << "'" << text << "'";
}

TEST(TextUtil, AnyVisibleCodePointMakesTextVisible)
{
	for (const char *text : {"a", " a ", "\u3000雨\u3000", "\u200b.", "🦊", "\u00a0-", "\u2010", "x\ufe0f"})
		EXPECT_TRUE(has_visible_text(text)) << "'" << text << "'";
	// Invalid UTF-8 is not "blank": the UTF-8 check refuses it with its own message.
	EXPECT_TRUE(has_visible_text("\xe3\x80"));
}

TEST(TextUtil, DecodesUtf8AndFindsTheFirstInvalidByte)
{
	uint32_t cp = 0;
	EXPECT_EQ(decode_utf8("\u3000", 0, &cp), 3u);
	EXPECT_EQ(cp, 0x3000u);
	EXPECT_EQ(decode_utf8("\U0001F98A", 0, &cp), 4u);
	EXPECT_EQ(cp, 0x1F98Au);
	EXPECT_EQ(decode_utf8("\xc0\x80", 0, &cp), 0u);         // overlong NUL
	EXPECT_EQ(decode_utf8("\xed\xa0\x80", 0, &cp), 0u);     // surrogate
	EXPECT_EQ(decode_utf8("\xf4\x90\x80\x80", 0, &cp), 0u); // above U+10FFFF
	EXPECT_EQ(invalid_utf8_offset("ok \xe3\x80"), 3u);
	EXPECT_EQ(invalid_utf8_offset("雨 ok"), std::string::npos);
}

} // namespace
} // namespace adiff
