// CsvWriter<Row>: a row struct drives the file. Whole headers, files without one, every cell type, awkward
// text in whole rows, and such rows read back by the strict reader (field quoting itself:
// tests/unit/models/formats/test_csv_reader.cpp).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "models/formats/csv_reader.hpp"
#include "sim/output/csv_writer.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

namespace {
template <class Row> std::string csv_of(const unit::ScratchDir& dir, const std::vector<Row>& rows, bool with_header)
{
  const std::string path = dir.file("rows.csv");
  {
    CsvWriter<Row> writer(path, with_header);
    for (const auto& row : rows) writer.write(row);
  }
  return unit::read_text(path);
}
} // namespace

TEST_CASE("The header is the row struct's column list, in order", "[csv]")
{
  unit::ScratchDir dir;
  // Column names as documented in docs/outputs/baseline.md and comparison.md (class, not vehicle_class).
  CHECK(csv_of<BaselineRow>(dir, {}, true) == "record,crossing,direction,class,stage,metric,value,ci95,replications\r\n");
  CHECK(csv_of<ComparisonRow>(dir, {}, true) ==
        "crossing,direction,class,stage,kind,metric,unit,scenario,value,value_ci95,difference,difference_ci95,significant\r\n");
  CHECK(csv_of<BaselineRow>(dir, {}, false).empty());
}

TEST_CASE("Every cell type: text, integer, number, present and empty optional", "[csv]")
{
  unit::ScratchDir dir;
  const BaselineRow full{"metric", "k", "in", "truck", "", "wait_mean_min", "12.5", 0.25, 3};
  const BaselineRow no_ci{"option", "", "", "", "", "seed", "7", std::nullopt, 0};
  CHECK(csv_of<BaselineRow>(dir, {full, no_ci}, false) == "metric,k,in,truck,,wait_mean_min,12.5,0.25,3\r\noption,,,,,seed,7,,0\r\n");
  // A zero optional is a 0, not an empty cell.
  const BaselineRow zero{"metric", "k", "in", "all", "exit", "queue_max", "0", 0.0, 2};
  CHECK(csv_of<BaselineRow>(dir, {zero}, false) == "metric,k,in,all,exit,queue_max,0,0,2\r\n");
}

TEST_CASE("A row with commas, quotes, CR and LF in its text: quoted cells, CRLF only at the row's end", "[csv]")
{
  unit::ScratchDir dir;
  const BaselineRow awkward{"option", "a,b", "say \"hi\"", "two\nlines", "", "crlf\r\ninside", "", std::nullopt, -4};
  const std::string text = csv_of<BaselineRow>(dir, {awkward}, false);
  CHECK(text == "option,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"crlf\r\ninside\",,,-4\r\n");
}

TEST_CASE("What the writer quotes, the reader gives back", "[csv]")
{
  unit::ScratchDir dir;
  const std::vector<BaselineRow> rows{{"option", "a,b", "say \"hi\"", "two\nlines", "", "crlf\r\ninside", "", std::nullopt, 1},
                                      {"metric", "k", "in", "truck", "", "x", "1.5", 0.125, 2}};
  const std::string path = dir.file("rows.csv");
  {
    CsvWriter<BaselineRow> writer(path, true);
    for (const auto& row : rows) writer.write(row);
  }
  const auto records = read_csv_file(path, {"record", "ci95"});
  REQUIRE(records.size() == 2);
  CHECK(records[0].at("crossing") == "a,b");
  CHECK(records[0].at("direction") == "say \"hi\"");
  CHECK(records[0].at("class") == "two\nlines");
  CHECK(records[0].at("metric") == "crlf\r\ninside");
  CHECK(records[0].at("ci95").empty());
  CHECK(records[0].at("no such column").empty());
  CHECK(records[1].at("ci95") == "0.125");
  // The header is line 1 and the first record line 2; the first record spans three lines (two embedded
  // line feeds), so the second starts on line 5.
  CHECK(records[0].line == 2);
  CHECK(records[1].line == 5);
}

TEST_CASE("A number cell without a value is empty, and numbers keep up to 10 significant digits", "[csv]")
{
  unit::ScratchDir dir;
  TimeseriesRow row{"s", 1, std::nan(""), "k", "in", "post", 4, 2.0 / 3 * 1000, 250, 2, 1, 3, 5, 6};
  // 666.666... with 10 significant digits, rounded: 666.6666667.
  CHECK(csv_of<TimeseriesRow>(dir, {row}, false) == "s,1,,k,in,post,4,666.6666667,250,2,1,3,5,6\r\n");
}

// A full disk once left a truncated CSV without any error, which OutputFolder then committed as a finished
// result. /dev/full accepts the open and fails every write with ENOSPC: what is buffered fails at close(), a
// row larger than the buffer at write().
TEST_CASE("A CSV file that cannot be written in full is an error naming the file and the reason", "[csv]")
{
  const BaselineRow row{"metric", "k", "in", "truck", "", "wait_mean_min", "12.5", 0.25, 3};
  CHECK_THROWS_WITH(
      [&] {
        CsvWriter<BaselineRow> writer("/dev/full", true);
        writer.write(row);
        writer.close();
      }(),
      Catch::Contains("cannot write /dev/full") && Catch::Contains("No space left on device"));
  BaselineRow large = row;
  large.crossing = std::string(1 << 20, 'k');
  CHECK_THROWS_WITH(
      [&] {
        CsvWriter<BaselineRow> writer("/dev/full", false);
        writer.write(large);
      }(),
      Catch::Contains("No space left on device"));
  CHECK_THROWS_WITH(CsvWriter<BaselineRow>("/nonexistent-folder/rows.csv", true),
                    Catch::Contains("cannot create /nonexistent-folder/rows.csv") &&
                        Catch::Contains("No such file or directory"));
}

TEST_CASE("A row struct drives header and fields, with CRLF and empty optionals", "[csv]")
{
  const unit::ScratchDir scratch;
  const std::string path = scratch.file("rows.csv");
  {
    CsvWriter<StageRow> writer(path, true);
    StageRow row;
    row.scenario = "s, with comma";
    row.lanes = 3;
    row.queue_mean = 2.5;
    writer.write(row);
  }
  const std::string csv = unit::read_text(path);
  const auto first_line_end = csv.find("\r\n");
  REQUIRE(first_line_end != std::string::npos);
  CHECK(csv.substr(0, first_line_end).rfind("scenario,crossing,direction,stage,kind,lanes,open_lanes_mean,served,", 0) == 0);
  const std::string data = csv.substr(first_line_end + 2);
  CHECK(data.rfind("\"s, with comma\",,,,,3,0,0,0,,,,2.5,", 0) == 0);
  CHECK(data.size() >= 2);
  CHECK(data.substr(data.size() - 2) == "\r\n");
}
