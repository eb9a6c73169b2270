// Each output file has one doc page whose column table lists the row struct's columns, in order.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "sim/output/output_rows.hpp"

using namespace bordersim;

namespace {
template <class Row> void check_page(const std::string& page)
{
  std::ifstream in(std::string(BORDERSIM_SOURCE_DIR) + "/docs/outputs/" + page);
  REQUIRE(in);
  std::vector<std::string> documented;
  const std::regex row(R"(^\| `([a-z0-9_]+)` \|)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row)) documented.push_back(m[1]);
  }
  std::vector<std::string> declared;
  for (const auto& c : Row::columns) declared.emplace_back(c.name);
  INFO(page);
  CHECK(documented == declared);
}
} // namespace

TEST_CASE("Output docs list every column in order", "[docs]")
{
  check_page<SummaryRow>("summary.md");
  check_page<StageRow>("stages.md");
  check_page<TimeseriesRow>("timeseries.md");
  check_page<ReplicationRow>("replications.md");
  check_page<VehicleRow>("vehicles.md");
}
