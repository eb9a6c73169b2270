// models/formats/csv_reader and csv_writer: RFC 4180 read back row by row and whole, with located messages.
#include <catch2/catch.hpp>

#include "models/formats/csv_reader.hpp"
#include "models/formats/csv_writer.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

TEST_CASE("The reader streams records: quotes, CRLF, LF and line breaks inside fields", "[csv]")
{
  const unit::ScratchDir dir;
  const auto path = dir.write("stream.csv", "a,b,c\r\n1,\"x, \"\"quoted\"\"\",\r\n\"multi\r\nline\",2.5,-3e-2\n4,5,6");
  CsvReader reader(path);
  CHECK(reader.header() == std::vector<std::string>{"a", "b", "c"});
  CHECK(reader.column("c") == 2u);
  CHECK_FALSE(reader.column("d"));
  std::vector<std::string> f;
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"1", "x, \"quoted\"", ""});
  CHECK(reader.line() == 2);
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"multi\r\nline", "2.5", "-3e-2"});
  CHECK(reader.line() == 3);
  REQUIRE(reader.next(f)); // no line end after the last record
  CHECK(f == std::vector<std::string>{"4", "5", "6"});
  CHECK(reader.line() == 5); // the quoted line break took a line
  CHECK_FALSE(reader.next(f));
}

TEST_CASE("A byte order mark is not part of the first column's name", "[csv]")
{
  const unit::ScratchDir dir;
  CsvReader reader(dir.write("bom.csv", "\xEF\xBB\xBFscenario,x\n"));
  CHECK(reader.column("scenario") == 0u);
}

TEST_CASE("A whole table: cells by column name, numbers only where the whole cell is one", "[csv]")
{
  const unit::ScratchDir dir;
  const CsvTable t = read_csv_table(dir.write("table.csv", "a,b,c\n1, 1.5,-0.03\n\n7\n"));
  REQUIRE(t.rows.size() == 2); // the blank line is left out
  CHECK(t.number(0, "a") == 1.0);
  CHECK_FALSE(t.number(0, "b")); // " 1.5" is text in a CSV file
  CHECK(t.number(0, "c") == Approx(-0.03));
  CHECK(t.cell(1, "a") == "7");
  CHECK(t.cell(1, "c").empty()); // a short row reads as empty cells
  CHECK(t.cell(0, "missing").empty());
  CHECK_FALSE(t.number(1, "b"));
}

TEST_CASE("A strictly read file: records with their lines, blank lines skipped", "[csv]")
{
  const unit::ScratchDir dir;
  const auto path = dir.write("strict.csv", "record,value\r\noption,\"two\nlines\"\r\n\r\nmetric,3\r\n");
  const auto records = read_csv_file(path, {"record", "value"});
  REQUIRE(records.size() == 2);
  CHECK(records[0].line == 2);
  CHECK(records[0].at("value") == "two\nlines");
  CHECK(records[1].line == 5);
  CHECK(records[1].at("record") == "metric");
  CHECK(records[1].at("no such column").empty());
}

TEST_CASE("Malformed files are reported as file:line:col: message", "[csv]")
{
  const unit::ScratchDir dir;
  const auto missing_column = dir.write("missing-column.csv", "record,value\n");
  CHECK_THROWS_WITH(read_csv_file(missing_column, {"record", "ci95"}), missing_column + ":1:1: missing column 'ci95'");
  const auto short_row = dir.write("short-row.csv", "a,b\n1,2\n3\n");
  CHECK_THROWS_WITH(read_csv_file(short_row, {}), short_row + ":3:1: expected 2 fields, got 1");
  const auto open_quote = dir.write("open-quote.csv", "a,b\n1,\"never\nclosed\n");
  CHECK_THROWS_WITH(read_csv_file(open_quote, {}), open_quote + ":4:1: unterminated quoted field");
  CsvReader streaming(open_quote); // the header is fine: the streaming reader fails at the record
  std::vector<std::string> fields;
  CHECK_THROWS_WITH(streaming.next(fields), open_quote + ":4:1: unterminated quoted field");
  const auto empty = dir.write("empty.csv", "");
  CHECK_THROWS_WITH(read_csv_file(empty, {}), empty + ":1:1: empty file");
  CHECK_THROWS_WITH(read_csv_table("/nonexistent/x.csv"), "/nonexistent/x.csv:1:1: cannot read the file");
}

TEST_CASE("Fields written with csv_quote read back as they were", "[csv]")
{
  const unit::ScratchDir dir;
  CHECK(csv_quote("plain") == "plain");
  CHECK(csv_quote("a,b") == "\"a,b\"");
  CHECK(csv_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_quote("two\nlines") == "\"two\nlines\"");
  CHECK(csv_number(2.5) == "2.5");
  CHECK(csv_number(1.0 / 3) == "0.3333333333");
  const std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", "two\r\nlines", "", csv_number(-1e-3)};
  std::string text = "h1,h2,h3,h4,h5,h6\r\n";
  for (std::size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + csv_quote(fields[i]);
  CsvReader reader(dir.write("round-trip.csv", text + "\r\n"));
  std::vector<std::string> back;
  REQUIRE(reader.next(back));
  CHECK(back == fields);
  CHECK_FALSE(reader.next(back));
}
