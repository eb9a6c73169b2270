#include <catch2/catch.hpp>

#include "models/config/config_values.hpp"

using namespace bordersim;

namespace {
ConfigNode scalar(const std::string& text) { return ConfigNode::make_scalar(text, {"t.yaml", 1, 1}); }
std::string id_error(const std::string& text) { return read_id(scalar(text)).error; }
std::string text_error(const std::string& text, int max_chars = 200) { return read_free_text(scalar(text), max_chars).error; }
} // namespace

TEST_CASE("Ids: letters of any script, digits, '_', '.' and '-', never a path", "[config]")
{
  for (const std::string good : {"kz_to_kg", "karasu-2027", "v1.2", "0", "қарасу", "Ақ-Жол", "北京"}) {
    INFO(good);
    CHECK(read_id(scalar(good)).value == good);
  }
  CHECK(id_error("") == "must not be empty");
  CHECK(id_error(".").find("must not be '.' or '..'") != std::string::npos);
  CHECK(id_error("..").find("must not be '.' or '..'") != std::string::npos);
  CHECK(id_error("../x").find("character '/' is not allowed") != std::string::npos);
  CHECK(id_error("-x").find("must not begin with '-'") != std::string::npos);
  CHECK(id_error("-1").find("must not begin with '-'") != std::string::npos);
  CHECK(read_id(scalar("x-")).value == "x-");
  CHECK(id_error("a\\b").find("character '\\' is not allowed") != std::string::npos);
  CHECK(id_error("a b").find("character ' ' is not allowed") != std::string::npos);
  CHECK(id_error("a\tb").find("character U+0009 is not allowed") != std::string::npos);
  CHECK(id_error("a\xe2\x80\x8b"
                 "b")
            .find("character U+200B is not allowed") != std::string::npos); // zero-width space
  CHECK(id_error("a\xc2\xa0"
                 "b")
            .find("character U+00A0 is not allowed") != std::string::npos); // no-break space
  CHECK(id_error("a\xff").find("not valid UTF-8") != std::string::npos);
  CHECK(read_id(scalar(std::string(64, 'a'))).value);
  CHECK(id_error(std::string(65, 'a')) == "is 65 characters long; at most 64");
  CHECK(read_id(scalar(std::string(32, 'a') + std::string(32, 'a'))).value);
  CHECK(read_id(ConfigNode::make_map({"t.yaml", 1, 1})).error == "expected a text value");
}

TEST_CASE("Names and descriptions: any UTF-8 text without control characters, of bounded length", "[config]")
{
  CHECK(read_free_text(scalar("Қарасу – Ақ-Тілек (KZ), \"today\"; 24/7"), 200).value);
  CHECK(text_error("a\tb").find("control character U+0009") != std::string::npos);
  CHECK(text_error("a\nb").find("control character U+000A") != std::string::npos);
  CHECK(text_error("a\x7f").find("control character U+007F") != std::string::npos);
  CHECK(text_error("a\xc2\x9b"
                   "2J")
            .find("control character U+009B") != std::string::npos);
  CHECK(text_error("\xc3\x28").find("not valid UTF-8") != std::string::npos);
  CHECK(text_error("\xed\xa0\x80").find("not valid UTF-8") != std::string::npos); // a UTF-16 surrogate
  CHECK(text_error("\xc0\xaf").find("not valid UTF-8") != std::string::npos);     // an overlong '/'
  // Characters, not bytes: 200 Cyrillic letters are 400 bytes and still a valid name.
  std::string cyrillic;
  for (int i = 0; i < 200; ++i) cyrillic += "ж";
  CHECK(read_free_text(scalar(cyrillic), 200).value);
  CHECK(text_error(cyrillic + "ж") == "is 201 characters long; at most 200");
}
