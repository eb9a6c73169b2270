// UTF-8 to code points and back: the JSON reader's \u escapes, and Excel's sheet names, which are counted in
// characters (UTF-16 code units), not bytes.
#pragma once

#include <string>
#include <string_view>

namespace bordersim {

/// Appends `code` (at most U+10FFFF) as UTF-8.
inline void append_utf8(std::string& out, char32_t code)
{
  const auto byte = [&](char32_t b) { out += static_cast<char>(b); };
  if (code < 0x80) {
    byte(code);
  } else if (code < 0x800) {
    byte(0xC0 | (code >> 6));
    byte(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    byte(0xE0 | (code >> 12));
    byte(0x80 | ((code >> 6) & 0x3F));
    byte(0x80 | (code & 0x3F));
  } else {
    byte(0xF0 | (code >> 18));
    byte(0x80 | ((code >> 12) & 0x3F));
    byte(0x80 | ((code >> 6) & 0x3F));
    byte(0x80 | (code & 0x3F));
  }
}

/// `text`'s code points; a byte that is not part of valid UTF-8 (a stray or truncated sequence, an overlong form,
/// a UTF-16 surrogate, past U+10FFFF) reads as U+FFFD.
inline std::u32string utf8_decode(std::string_view text)
{
  std::u32string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned lead = byte(i);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    char32_t code = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (byte(i + k) >> 6) == 0x2;
      code = (code << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000}; // below this a form is overlong
    valid = valid && code >= kLeast[length] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
    out += valid ? code : U'\uFFFD';
    i += valid ? length : 1;
  }
  return out;
}

inline std::string utf8_encode(std::u32string_view text)
{
  std::string out;
  for (const char32_t code : text) append_utf8(out, code);
  return out;
}

} // namespace bordersim
