// docs/outputs/ says what the code writes: its README lists the registry of output files in order, and each
// CSV file's page lists its row struct's columns in order.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "models/formats/output_files.hpp"
#include "sim/output/output_rows.hpp"

using namespace bordersim;

namespace {

const std::filesystem::path kOutputDocs = std::filesystem::path(BORDERSIM_SOURCE_DIR) / "docs" / "outputs";

/// The first column of a page's tables where it is one `code` word matching `word`, in order.
std::vector<std::string> table_keys(const std::string& page, const std::string& word)
{
  std::ifstream in(kOutputDocs / page);
  REQUIRE(in);
  std::vector<std::string> keys;
  const std::regex row("^\\| `(" + word + ")` \\|");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row)) keys.push_back(m[1]);
  }
  return keys;
}

template <class Row> void check_page(const std::string& page)
{
  std::vector<std::string> declared;
  for (const auto& c : Row::columns) declared.emplace_back(c.name);
  INFO(page);
  CHECK(table_keys(page, "[a-z0-9_]+") == declared);
}

} // namespace

TEST_CASE("Output docs list every column in order", "[docs]")
{
  check_page<SummaryRow>("summary.md");
  check_page<StageRow>("stages.md");
  check_page<TimeseriesRow>("timeseries.md");
  check_page<ReplicationRow>("replications.md");
  check_page<VehicleRow>("vehicles.md");
  check_page<ComparisonRow>("comparison.md");
  check_page<BaselineRow>("baseline.md");
  check_page<ProvenanceRow>("provenance.md");
  check_page<NetworkRow>("network.md");
  check_page<WaitByHourRow>("wait_by_hour.md");
  check_page<DesignRow>("design.md");
  check_page<SweepRow>("sweep.md");
  check_page<SensitivityRow>("sensitivity.md");
  check_page<CalibrationRow>("calibration.md");
  check_page<ParameterRow>("parameters.md");
  check_page<ImplausibilityRow>("implausibility.md");
  check_page<PlausibleRow>("plausible.md");
  check_page<RefinementRow>("refinement.md");
}

TEST_CASE("The registry of output files is the documented list, in the documented order", "[docs]")
{
  std::vector<std::string> registered;
  std::set<std::string> unique;
  for (const auto& file : kOutputFiles) {
    const std::string name = file.name;
    INFO(name);
    registered.push_back(name);
    unique.insert(name);
    CHECK(file.is_csv == name.ends_with(".csv"));
    if (*file.doc_page) CHECK(std::filesystem::exists(kOutputDocs / file.doc_page));
  }
  CHECK(registered == table_keys("README.md", "[a-z_]+\\.[a-z]+"));
  CHECK(unique.size() == registered.size());
}
