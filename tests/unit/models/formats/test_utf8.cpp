// models/formats/utf8: code points from UTF-8 and back; what is not UTF-8 reads as U+FFFD, one per byte.
#include <catch2/catch.hpp>

#include "models/formats/utf8.hpp"

using namespace bordersim;

TEST_CASE("UTF-8 decodes to code points and encodes back", "[utf8]")
{
  const std::string text = "Kø Қарасу – 😀";
  const std::u32string codes = utf8_decode(text);
  CHECK(codes == U"Kø Қарасу – 😀");
  CHECK(utf8_encode(codes) == text);
  std::string one;
  append_utf8(one, U'\u0416');
  CHECK(one == "Ж");
}

TEST_CASE("Bytes that are not UTF-8 read as U+FFFD, one per byte", "[utf8]")
{
  CHECK(utf8_decode("a\xFF"
                    "b") == U"a\uFFFDb");
  CHECK(utf8_decode("\xD0") == U"\uFFFD");                               // cut inside a character
  CHECK(utf8_decode("\xC0\xAF") == U"\uFFFD\uFFFD");                     // overlong '/'
  CHECK(utf8_decode("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");           // a UTF-16 surrogate
  CHECK(utf8_decode("\xF4\x90\x80\x80") == U"\uFFFD\uFFFD\uFFFD\uFFFD"); // past U+10FFFF
}
