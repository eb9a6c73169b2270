// results.xlsx read back by an independent reader (LibreOffice) and compared with the CSV files it came from.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/formats/csv_reader.hpp"
#include "models/formats/units.hpp"
#include "viz/workbook.hpp"
#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viztest;
using bordersim::parse_number_exact;

namespace {

/// The raw fields of a line, quotes kept: LibreOffice is asked to quote every text cell, so a field's quotes
/// tell text from number. (The files compared here hold no commas inside fields.)
std::vector<std::string> raw_fields(const std::string& line)
{
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      out.push_back(field);
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  out.push_back(field);
  return out;
}

std::vector<std::vector<std::string>> raw_rows(const std::string& path)
{
  std::vector<std::vector<std::string>> rows;
  std::string text = read_file(path), line;
  std::istringstream in(text);
  while (std::getline(in, line))
    if (!line.empty() && line != "\r") rows.push_back(raw_fields(line));
  return rows;
}

/// LibreOffice writes every sheet of `xlsx` as <stem>-<sheet>.csv into `out_dir`: all text cells quoted, numbers
/// at full precision (not as displayed). False when soffice cannot be found or installed.
bool sheets_as_csv(const std::string& xlsx, const std::string& out_dir)
{
  const std::string soffice = find_or_install({"soffice", "libreoffice"}, "libreoffice-calc");
  if (soffice.empty()) {
    WARN("SKIPPED: LibreOffice is not installed and could not be installed (apt-get install libreoffice-calc)");
    return false;
  }
  ScratchDir profile("lo-profile");
  // Tokens: comma, double quote, UTF-8, from line 1, -, -, quote all text cells, -, full precision, no formulas,
  // keep spaces, every sheet (-1).
  const Outcome r = run_program({soffice, "-env:UserInstallation=file://" + profile.path(), "--headless", "--convert-to",
                                 "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1", "--outdir", out_dir, xlsx},
                                120);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return true;
}

/// Every cell of `csv` is in `sheet_csv`: numbers as unquoted numbers equal within float formatting, text as quoted text.
void compare_sheet(const std::string& csv, const std::string& sheet_csv)
{
  INFO("comparing " << csv << " with " << sheet_csv);
  REQUIRE(fs::exists(sheet_csv));
  bordersim::CsvReader reader(csv);
  const auto sheet = raw_rows(sheet_csv);
  REQUIRE_FALSE(sheet.empty());
  const auto& header = reader.header();
  REQUIRE(sheet[0].size() >= header.size());
  for (std::size_t c = 0; c < header.size(); ++c) CHECK(sheet[0][c] == "\"" + header[c] + "\"");
  std::vector<std::string> f;
  std::size_t row = 0, numbers = 0;
  while (reader.next(f)) {
    ++row;
    REQUIRE(row < sheet.size());
    for (std::size_t c = 0; c < f.size(); ++c) {
      const std::string got = c < sheet[row].size() ? sheet[row][c] : std::string();
      INFO("row " << row << ", column " << header[c] << ": csv '" << f[c] << "', sheet '" << got << "'");
      if (f[c].empty()) {
        CHECK(got.empty());
      } else if (const auto want = parse_number_exact(f[c])) {
        const auto value = parse_number_exact(got); // unquoted: a numeric cell
        REQUIRE(value.has_value());
        CHECK(std::abs(*value - *want) <= 1e-9 * std::max(1.0, std::abs(*want)));
        ++numbers;
      } else {
        CHECK(got == "\"" + f[c] + "\"");
      }
    }
  }
  CHECK(sheet.size() == row + 1);
  CHECK(numbers > 0);
}

} // namespace

TEST_CASE("results.xlsx holds every CSV file as typed cells, read back by LibreOffice", "[xlsx]")
{
  ScratchDir tmp("xlsx");
  const std::string run = tmp / "run";
  short_run(run, {"--no-report", "--xlsx"});
  REQUIRE(fs::exists(run + "/results.xlsx"));
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(run + "/results.xlsx", out)) return;
  for (const char* name : {"summary", "stages", "timeseries", "replications"})
    compare_sheet(run + "/" + name + ".csv", out + "/results-" + name + ".csv");
  // The chart sheet and its data are there too.
  CHECK(fs::exists(out + "/results-charts.csv"));
  const std::string chart_data = read_file(out + "/results-chart_data.csv");
  CHECK(chart_data.find("queue: karasu KG to KZ") != std::string::npos);
  CHECK(chart_data.find("mean waiting (vehicles)") != std::string::npos);
}

TEST_CASE("results.xlsx of a comparison has the comparison, each scenario's files and the comparison charts' data", "[xlsx]")
{
  ScratchDir tmp("xlsx-compare");
  const std::string folder = tmp / "comparison";
  short_comparison(folder, {"--no-report"});
  write_provenance(folder + "/karasu-today");
  const std::string xlsx = tmp / "results.xlsx";
  // `compare --xlsx` writes each scenario's workbook; the comparison's own is written here by the library.
  bordersim::viz::write_workbook(folder, xlsx);
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  compare_sheet(folder + "/comparison.csv", out + "/results-comparison.csv");
  compare_sheet(folder + "/karasu-today/summary.csv", out + "/results-karasu-today summary.csv");
  compare_sheet(folder + "/five-windows/stages.csv", out + "/results-five-windows stages.csv");
  CHECK(fs::exists(out + "/results-karasu-today provenance.csv"));
  const std::string chart_data = read_file(out + "/results-chart_data.csv");
  CHECK(chart_data.find("comparison: wait_p95_min (min)") != std::string::npos);
  CHECK(chart_data.find("five-windows ci95") != std::string::npos);
  CHECK(chart_data.find("queue: karasu KG to KZ (five-windows)") != std::string::npos);
}
