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
  const CsvTable t = read_csv_table(dir.write("table.csv", "a,b,c\n1, 1.5,-0.03\n\n7,,\n"));
  REQUIRE(t.rows.size() == 2); // the blank line is left out
  CHECK(t.number(0, "a") == 1.0);
  CHECK_FALSE(t.number(0, "b")); // " 1.5" is text in a CSV file
  CHECK(t.number(0, "c") == Approx(-0.03));
  CHECK(t.cell(1, "a") == "7");
  CHECK(t.cell(1, "c").empty());
  CHECK(t.cell(0, "missing").empty());
  CHECK_FALSE(t.number(1, "b"));
  // Read strictly: a short row, or a last row without its line end, is a malformed (or cut) file.
  const auto short_row = dir.write("short.csv", "a,b,c\n1,2,3\n7\n");
  CHECK_THROWS_WITH(read_csv_table(short_row), short_row + ":3:1: expected 3 fields, got 1");
  const auto cut = dir.write("cut.csv", "a,b,c\r\n1,2,3\r\n4,5,6");
  CHECK_THROWS_WITH(read_csv_table(cut), cut + ":3:5: the last record has no line end: the file looks cut short");
  const auto header_only = dir.write("header.csv", "a,b,c");
  CHECK_THROWS_WITH(read_csv_table(header_only), header_only + ":1:1: the header has no line end: the file looks cut short");
  CHECK(read_csv_table(dir.write("empty-table.csv", "a,b,c\r\n")).rows.empty());
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
  // Located at the opening quote.
  const std::string unterminated = ":2:3: unterminated quoted field: the file ends before its closing quote";
  CHECK_THROWS_WITH(read_csv_file(open_quote, {}), open_quote + unterminated);
  CsvReader streaming(open_quote); // the header is fine: the streaming reader fails at the record
  std::vector<std::string> fields;
  CHECK_THROWS_WITH(streaming.next(fields), open_quote + unterminated);
  const auto empty = dir.write("empty.csv", "");
  CHECK_THROWS_WITH(read_csv_file(empty, {}), empty + ":1:1: empty file");
  CHECK_THROWS_WITH(read_csv_table("/nonexistent/x.csv"),
                    "/nonexistent/x.csv:1:1: cannot read the file: No such file or directory");
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

TEST_CASE("Text a spreadsheet would run as a formula gets a leading quote and double quotes, and numbers stay", "[csv]")
{
  // OWASP's advice for CSV injection: =, +, -, @, tab and carriage return start a formula in some program.
  CHECK(csv_quote("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_quote("+cmd") == "\"'+cmd\"");
  CHECK(csv_quote("-x") == "\"'-x\"");
  CHECK(csv_quote("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(csv_quote("\tx") == "\"'\tx\"");
  CHECK(csv_quote("\rx") == "\"'\rx\"");
  CHECK(csv_quote("-1+2") == "\"'-1+2\""); // a formula, not a number
  // A number written in a text column (a baseline's value, a provenance value) is not a formula.
  CHECK(csv_quote("-3.5") == "-3.5");
  CHECK(csv_quote("+2") == "+2");
  CHECK(csv_quote("-1e-3") == "-1e-3");
  CHECK(csv_quote("a=b") == "a=b"); // only the first character counts
  CHECK(csv_quote("") == "");
}

TEST_CASE("Neutralised text reads back exactly as it was before", "[csv]")
{
  const unit::ScratchDir dir;
  // Text that already begins with quotes before a formula character gets one more, so nothing is lost.
  CHECK(neutralise_formula("=1") == "'=1");
  CHECK(neutralise_formula("'=1") == "''=1");
  CHECK(neutralise_formula("'x") == "'x");
  CHECK(neutralise_formula("-3.5") == "-3.5");
  CHECK(strip_formula_guard("''=1") == "'=1");
  CHECK(strip_formula_guard("'-3.5") == "-3.5");
  CHECK(strip_formula_guard("'x") == "'x");
  CHECK(strip_formula_guard("'") == "'");
  const std::vector<std::string> fields{
      "=HYPERLINK(\"http://x\",\"y\")", "'=1", "''+2", "'plain", "-3.5", "@", "-", "\tx", "a=b", "'"};
  std::string text;
  for (std::size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + csv_quote("h" + std::to_string(i));
  text += "\r\n";
  for (std::size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + csv_quote(fields[i]);
  CsvReader reader(dir.write("guarded.csv", text + "\r\n"));
  std::vector<std::string> back;
  REQUIRE(reader.next_record(back));
  CHECK(back == fields);
}

TEST_CASE("Where a field starts, for messages, even after a line break inside quotes", "[csv]")
{
  const unit::ScratchDir dir;
  CsvReader reader(dir.write("where.csv", "a,b,c\r\n1,\"two\r\nlines\",x\r\n,,\r\n"));
  std::vector<std::string> f;
  REQUIRE(reader.next_record(f));
  CHECK(reader.where(0) == "2:1");
  CHECK(reader.where(1) == "2:3");
  CHECK(reader.where(2) == "3:8"); // after the closing quote on the next line
  CHECK(std::string(reader.error_at(2, "c: bad").what()) == reader.path() + ":3:8: c: bad");
  REQUIRE(reader.next_record(f));
  CHECK(reader.where(2) == "4:3");
  CHECK_FALSE(reader.next_record(f));
}

TEST_CASE("number_problem tells a number that is not finite from one that is not a number", "[csv]")
{
  CHECK(number_problem("-3.5").empty());
  CHECK(number_problem("1e300").empty());
  CHECK(number_problem("nan") == "'nan' is not a finite number");
  CHECK(number_problem("-inf") == "'-inf' is not a finite number");
  CHECK(number_problem("1e999") == "'1e999' is not a finite number");
  CHECK(number_problem("abc") == "'abc' is not a number");
  CHECK(number_problem(" 1") == "' 1' is not a number");
  CHECK(number_problem("") == "'' is not a number");
}
