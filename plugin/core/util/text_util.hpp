// Small text helpers shared by core: ASCII whitespace (as HTTP headers and pasted tokens have it), and
// UTF-8 decoding with a notion of "visible" for prompts typed by people or sent by chat bots.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace adiff {

// Space, tab, line breaks, form feed, vertical tab: the C locale's isspace, without the locale.
bool is_space(char c);

// The text without leading and trailing whitespace.
std::string trim(const std::string &text);

// A-Z -> a-z, every other byte unchanged (URL schemes and hosts, HTTP header names, JSON ids): never
// the locale's tolower, which would touch UTF-8 bytes.
std::string ascii_lower(std::string text);

// Decodes the code point starting at byte `pos`. Returns its length in bytes, or 0 when the bytes there
// are not valid UTF-8 (truncated, overlong, surrogates, above U+10FFFF).
size_t decode_utf8(const std::string &text, size_t pos, uint32_t *code_point);

// Offset of the first byte that breaks UTF-8, or npos when the whole text is valid.
size_t invalid_utf8_offset(const std::string &text);

// True for code points that draw nothing: Unicode White_Space, separators (Zs, Zl, Zp), controls (Cc),
// format characters (Cf: zero-width space and joiners, bidi marks, soft hyphen, BOM, tags...),
// variation selectors and the other default-ignorable fillers.
bool is_invisible(uint32_t code_point);

// True when valid UTF-8 `text` holds at least one code point that is not invisible. Bytes that are not
// valid UTF-8 count as visible: refusing them is the UTF-8 check's job, with its own message.
bool has_visible_text(const std::string &text);

} // namespace adiff
