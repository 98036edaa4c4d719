#include "core/util/text_util.hpp"

#include <algorithm>
#include <iterator>

namespace adiff {
namespace {

struct Range {
	uint32_t first, last;
};

// Sorted, non-overlapping. Sources: Unicode 15.1 PropList.txt (White_Space, Default_Ignorable_Code_Point)
// and the general categories Zs, Zl, Zp, Cc and Cf of UnicodeData.txt. A short table instead of ICU: the
// only question asked is "would this prompt show anything at all".
constexpr Range kInvisible[] = {
	{0x0000, 0x0020},   // C0 controls, space
	{0x007F, 0x00A0},   // DEL, C1 controls (NEL among them), no-break space
	{0x00AD, 0x00AD},   // soft hyphen
	{0x034F, 0x034F},   // combining grapheme joiner
	{0x0600, 0x0605},   // Arabic number signs (Cf)
	{0x061C, 0x061C},   // Arabic letter mark
	{0x06DD, 0x06DD},   // Arabic end of ayah (Cf)
	{0x070F, 0x070F},   // Syriac abbreviation mark (Cf)
	{0x0890, 0x0891},   // Arabic pound/piastre mark above (Cf)
	{0x08E2, 0x08E2},   // Arabic disputed end of ayah (Cf)
	{0x115F, 0x1160},   // Hangul choseong/jungseong fillers
	{0x1680, 0x1680},   // Ogham space mark
	{0x17B4, 0x17B5},   // Khmer inherent vowels (default ignorable)
	{0x180B, 0x180F},   // Mongolian free variation selectors, vowel separator
	{0x2000, 0x200F},   // en quad .. hair space, zero-width space/non-joiner/joiner, LRM, RLM
	{0x2028, 0x202F},   // line/paragraph separators, bidi embeddings, narrow no-break space
	{0x205F, 0x206F},   // medium math space, word joiner, invisible operators, bidi isolates
	{0x2800, 0x2800},   // braille pattern blank: renders as nothing, a known way to post "empty" text
	{0x3000, 0x3000},   // ideographic space
	{0x3164, 0x3164},   // Hangul filler
	{0xFE00, 0xFE0F},   // variation selectors
	{0xFEFF, 0xFEFF},   // zero-width no-break space (BOM)
	{0xFFA0, 0xFFA0},   // halfwidth Hangul filler
	{0xFFF0, 0xFFFB},   // unassigned specials, interlinear annotation (Cf)
	{0x110BD, 0x110BD}, // Kaithi number sign (Cf)
	{0x110CD, 0x110CD}, // Kaithi number sign above (Cf)
	{0x13430, 0x1343F}, // Egyptian hieroglyph format controls (Cf)
	{0x1BCA0, 0x1BCA3}, // shorthand format controls
	{0x1D173, 0x1D17A}, // musical symbol format controls
	{0xE0000, 0xE0FFF}, // tags, variation selectors supplement, reserved default ignorables
};

} // namespace

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

size_t decode_utf8(const std::string &text, size_t pos, uint32_t *code_point)
{
	const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
	const size_t size = text.size();
	if (pos >= size)
		return 0;
	const unsigned char lead = bytes[pos];
	size_t length;
	uint32_t value;
	if (lead < 0x80) {
		*code_point = lead;
		return 1;
	} else if ((lead & 0xE0) == 0xC0) {
		length = 2;
		value = lead & 0x1F;
	} else if ((lead & 0xF0) == 0xE0) {
		length = 3;
		value = lead & 0x0F;
	} else if ((lead & 0xF8) == 0xF0) {
		length = 4;
		value = lead & 0x07;
	} else {
		return 0;
	}
	if (pos + length > size)
		return 0;
	for (size_t k = 1; k < length; k++) {
		if ((bytes[pos + k] & 0xC0) != 0x80)
			return 0;
		value = (value << 6) | (bytes[pos + k] & 0x3F);
	}
	const uint32_t min_for_length = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
	if (value < min_for_length || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
		return 0;
	*code_point = value;
	return length;
}

size_t invalid_utf8_offset(const std::string &text)
{
	uint32_t code_point;
	for (size_t i = 0; i < text.size();) {
		const size_t length = decode_utf8(text, i, &code_point);
		if (length == 0)
			return i;
		i += length;
	}
	return std::string::npos;
}

bool is_invisible(uint32_t code_point)
{
	const auto it = std::upper_bound(std::begin(kInvisible), std::end(kInvisible), code_point,
					 [](uint32_t cp, const Range &range) { return cp < range.first; });
	return it != std::begin(kInvisible) && code_point <= std::prev(it)->last;
}

bool has_visible_text(const std::string &text)
{
	uint32_t code_point;
	for (size_t i = 0; i < text.size();) {
		const size_t length = decode_utf8(text, i, &code_point);
		if (length == 0 || !is_invisible(code_point))
			return true;
		i += length;
	}
	return false;
}

std::string ascii_lower(std::string text)
{
	for (char &c : text)
		if (c >= 'A' && c <= 'Z')
			c = char(c - 'A' + 'a');
	return text;
}

} // namespace adiff
