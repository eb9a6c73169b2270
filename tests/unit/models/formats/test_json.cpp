// models/formats/json_writer and json_reader: text safe inside a <script> element, run_info.json's layout, and
// a reader that takes back what the writer wrote and refuses what is not JSON.
#include <catch2/catch.hpp>

#include <cmath>

#include "models/formats/json_reader.hpp"
#include "models/formats/json_writer.hpp"

using namespace bordersim;

TEST_CASE("JSON text cannot close the script element it sits in", "[json]")
{
  CHECK(json_quote("a\"b\\c\n") == R"("a\"b\\c\n")");
  const std::string q = json_quote("</script><!--&");
  CHECK(q == R"("\u003c/script\u003e\u003c!--\u0026")");
  CHECK(json_quote("</script>&", JsonEscaping::minimal) == "\"</script>&\"");
  CHECK(json_quote(std::string("\x01\x1f", 2), JsonEscaping::minimal) == R"("\u0001\u001f")");
  CHECK(json_quote("Karasu – Ak-Tilek") == "\"Karasu – Ak-Tilek\""); // UTF-8 passes as it is
}

TEST_CASE("The compact layout, for the report's data island", "[json]")
{
  JsonWriter j;
  j.begin_object().key("n").value(1.0 / 3, 4).key("nan").value(std::nan("")).key("list").numbers({1, 2.5}).key("s").value("x");
  j.key("count").value(std::size_t{3}).key("none").value(std::optional<double>()).key("empty").begin_array().end_array().end_object();
  CHECK(j.text() == R"({"n":0.3333,"nan":null,"list":[1,2.5],"s":"x","count":3,"none":null,"empty":[]})");
}

TEST_CASE("The indented layout, for run_info.json", "[json]")
{
  JsonWriter j({JsonEscaping::minimal, 2});
  j.begin_object();
  j.key("seed").value(std::uint64_t{18446744073709551615u});
  j.key("horizon_h").fixed(72, 12).key("wall_time_s").fixed(0.02256461234, 6).key("big").fixed(1234567.5, 6);
  j.key("files").begin_array().value("a.csv").value("b & c").end_array();
  j.key("names").begin_object().key("x").value("X").end_object();
  j.key("nothing").begin_object().end_object();
  j.end_object();
  CHECK(j.text() == "{\n"
                    "  \"seed\": 18446744073709551615,\n"
                    "  \"horizon_h\": 72,\n"
                    "  \"wall_time_s\": 0.0225646,\n"
                    "  \"big\": 1234568,\n"
                    "  \"files\": [\"a.csv\", \"b & c\"],\n"
                    "  \"names\": {\n"
                    "    \"x\": \"X\"\n"
                    "  },\n"
                    "  \"nothing\": {}\n"
                    "}");
}

TEST_CASE("What the writer writes reads back: escapes, nesting, numbers as written", "[json]")
{
  const std::string tricky = "tab\tquote\"back\\slash</script>\x01 é";
  for (const JsonStyle style : {JsonStyle{}, JsonStyle{JsonEscaping::minimal, 2}}) {
    JsonWriter j(style);
    j.begin_object().key(tricky).value(tricky).key("n").value(0.25).key("list").begin_array().value(1).value(true).null();
    j.begin_object().key("deep").begin_array().value("x").end_array().end_object().end_array().end_object();
    const JsonValue v = parse_json(j.text(), "written");
    REQUIRE(v.kind == JsonValue::Kind::object);
    REQUIRE(v.members.size() == 3);
    CHECK(v.members[0].key == tricky);
    CHECK(v.members[0].value.text == tricky);
    CHECK(v.find("n")->text == "0.25");
    CHECK(v.find("n")->number() == 0.25);
    const JsonValue& list = *v.find("list");
    REQUIRE(list.items.size() == 4);
    CHECK(list.items[0].number() == 1.0);
    CHECK(list.items[1].kind == JsonValue::Kind::boolean);
    CHECK(list.items[1].text == "true");
    CHECK(list.items[2].kind == JsonValue::Kind::null);
    CHECK(list.items[3].find("deep")->items.at(0).text == "x");
    CHECK_FALSE(v.find("absent"));
  }
}

TEST_CASE("The reader resolves every escape, surrogate pairs included", "[json]")
{
  const JsonValue v = parse_json(R"({"s": "\u00e9\u2013\ud83d\ude00\/\b\f\n\r\t\"\\", "n": -1.50e+2, "k": 1, "k": 2})", "t");
  CHECK(v.find("s")->text == "é–😀/\b\f\n\r\t\"\\");
  CHECK(v.find("n")->text == "-1.50e+2"); // as written
  CHECK(v.find("n")->number() == -150.0);
  CHECK(v.find("k")->text == "2"); // a repeated key: the last one
  CHECK(v.find("s")->number() == std::nullopt);
  CHECK(parse_json(" [ ] ", "t").items.empty());
  CHECK(parse_json("\"\"", "t").text.empty());
}

TEST_CASE("Malformed JSON is reported with its line and column", "[json]")
{
  const std::pair<std::string, std::string> cases[] = {
      {"{\"a\": 1,}", "f.json:1:9: expected a key in double quotes"},
      {"{\n  \"a\" 1\n}", "f.json:2:7: expected ':' after a key"},
      {"{\"a\": [1, 2}", "f.json:1:12: expected ',' or ']' after an element"},
      {"{\"a\": \"open", "f.json:1:7: unterminated string"},
      {"\"line\nbreak\"", "f.json:1:6: a control character must be escaped in a string"},
      {"\"\\x\"", "f.json:1:2: unknown escape \\x"},
      {"\"\\u12\"", "f.json:1:4: \\u needs four hexadecimal digits"},
      {"\"\\ud83d\"", "f.json:1:2: a high surrogate without a low one"},
      {"\"\\ude00\"", "f.json:1:2: a low surrogate without a high one"},
      {"012", "f.json:1:1: a number cannot start with 0"},
      {"1.", "f.json:1:3: a digit is missing in a number"},
      {"-", "f.json:1:2: a digit is missing in a number"},
      {"nul", "f.json:1:1: expected a value (object, array, string, number, true, false or null)"},
      {"{} {}", "f.json:1:4: unexpected text after the JSON value"},
      {"", "f.json:1:1: the text ends where a value was expected"},
      {"{\"a\":", "f.json:1:6: the text ends where a value was expected"},
      {"{", "f.json:1:2: the text ends where a member or '}' was expected"},
      {"[1", "f.json:1:3: the text ends where ',' or ']' after an element was expected"},
      {std::string(1000, '['), "f.json:1:66: values nested deeper than 64 levels"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    CHECK_THROWS_WITH(parse_json(text, "f.json"), message);
  }
  CHECK_THROWS_WITH(read_json_file("/nonexistent/run_info.json"),
                    "/nonexistent/run_info.json:1:1: cannot read the file: No such file or directory");
}

TEST_CASE("Every value knows the line and column where it starts, so a reader can locate what it refuses", "[json]")
{
  const JsonValue v = parse_json("{\n  \"seed\": \"x\",\r\n  \"list\": [1,\n\t true]\n}", "positions");
  CHECK(v.line == 1);
  CHECK(v.column == 1);
  CHECK(v.find("seed")->line == 2);
  CHECK(v.find("seed")->column == 11);
  const JsonValue& list = *v.find("list");
  CHECK(list.line == 3);
  CHECK(list.column == 11);
  CHECK(list.items.at(0).column == 12);
  CHECK(list.items.at(1).line == 4);
  CHECK(list.items.at(1).column == 3);
}
