// CsvWriter<Row>: a row struct drives the file (field quoting itself: tests/unit/formats/test_csv_reader.cpp).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "sim/output/csv_writer.hpp"

using namespace bordersim;

TEST_CASE("A row struct drives header and fields, with CRLF and empty optionals", "[csv]")
{
  const std::string path = "/tmp/bordersim-unit-rows.csv";
  {
    CsvWriter<StageRow> writer(path, true);
    StageRow row;
    row.scenario = "s, with comma";
    row.lanes = 3;
    row.queue_mean = 2.5;
    writer.write(row);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string csv = text.str();
  const auto first_line_end = csv.find("\r\n");
  REQUIRE(first_line_end != std::string::npos);
  CHECK(csv.substr(0, first_line_end).rfind("scenario,crossing,direction,stage,lanes,open_lanes_mean,served,", 0) == 0);
  const std::string data = csv.substr(first_line_end + 2);
  CHECK(data.rfind("\"s, with comma\",,,,3,0,0,0,,,,2.5,", 0) == 0);
  CHECK(data.size() >= 2);
  CHECK(data.substr(data.size() - 2) == "\r\n");
}
