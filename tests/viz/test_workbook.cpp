// results.xlsx read back by an independent reader (LibreOffice) and compared with the CSV files it came from.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/formats/csv_reader.hpp"
#include "models/formats/csv_writer.hpp"
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
        // The reader takes off the ' that neutralises formula-like text; the sheet holds the text as the file does.
        CHECK(got == "\"" + bordersim::neutralise_formula(f[c]) + "\"");
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
  CHECK(chart_data.find("comparison: wait_p95_min, vehicles (min)") != std::string::npos);
  CHECK(chart_data.find("five-windows ci95") != std::string::npos);
  CHECK(chart_data.find("queue: karasu KG to KZ, vehicles (five-windows)") != std::string::npos);
  // Karasu alone turns no truck away: that chart is left out, named on the charts sheet, its zeros kept as data.
  const std::string charts = read_file(out + "/results-charts.csv");
  CHECK(charts.find("Not drawn, every value being 0 or missing in every scenario") != std::string::npos);
  CHECK(charts.find("diverted_out_per_day, vehicles (vehicles/day)") != std::string::npos);
  CHECK(charts.find("wait_p95_min") == std::string::npos);
  CHECK(chart_data.find("comparison: diverted_out_per_day, vehicles (vehicles/day)") != std::string::npos);
}

namespace {

/// A comparison folder made by hand: comparison.csv over `scenarios` (one row each, differences -3.5 from the
/// first), and a subfolder per scenario (sub0, sub1, ...) holding a summary.csv. Fields are written as bordersim
/// writes them: `written` gives each scenario's field text (quoted and neutralised where bordersim would).
void hand_made_comparison(const std::string& dir, const std::vector<std::string>& written)
{
  std::string comparison =
      "crossing,direction,class,metric,unit,scenario,value,value_ci95,difference,difference_ci95,significant\r\n";
  for (std::size_t i = 0; i < written.size(); ++i) {
    comparison += "x,a_to_b,car,wait_mean_min,min," + written[i] + "," + (i ? "8.5,1" : "12,1");
    comparison += i ? ",-3.5,0.5,yes\r\n" : ",,,\r\n";
    const std::string sub = dir + "/sub" + std::to_string(i);
    fs::create_directories(sub);
    write_file(sub + "/summary.csv",
               "scenario,crossing,direction,class,served_per_day\r\n" + written[i] + ",x,a_to_b,car,2.25\r\n");
  }
  write_file(dir + "/comparison.csv", comparison);
}

} // namespace

TEST_CASE("results.xlsx: sheet names are unique whatever their case", "[xlsx]")
{
  ScratchDir tmp("xlsx-case");
  hand_made_comparison(tmp / "cmp", {"Foo", "foo"});
  const std::string xlsx = tmp / "results.xlsx";
  bordersim::viz::write_workbook(tmp / "cmp", xlsx);
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  compare_sheet(tmp / "cmp/sub0/summary.csv", out + "/results-Foo summary.csv");
  compare_sheet(tmp / "cmp/sub1/summary.csv", out + "/results-foo summary (2).csv");
}

TEST_CASE("results.xlsx: a long Cyrillic name is cut at 31 characters, not bytes, and LibreOffice opens the workbook", "[xlsx]")
{
  ScratchDir tmp("xlsx-cyrillic");
  // 35 characters, 66 bytes: cut at 31 bytes, as it once was, the sheet name ended inside a character and
  // LibreOffice could not load the workbook.
  const std::string name = "Пункт пропуска Карасу Ак-Тилек 2027";
  hand_made_comparison(tmp / "cmp", {"today", name});
  const std::string xlsx = tmp / "results.xlsx";
  bordersim::viz::write_workbook(tmp / "cmp", xlsx);
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  // 23 characters of the name, then the file's part of the sheet name: 31 in all.
  compare_sheet(tmp / "cmp/sub1/summary.csv", out + "/results-Пункт пропуска Карасу А summary.csv");
  compare_sheet(tmp / "cmp/comparison.csv", out + "/results-comparison.csv");
}

TEST_CASE("results.xlsx: text that a spreadsheet would run as a formula keeps its neutralising quote, and numbers stay numbers",
          "[xlsx]")
{
  ScratchDir tmp("xlsx-formula");
  // As bordersim writes them: a leading ' and double quotes around the field.
  hand_made_comparison(tmp / "cmp", {"\"'=1+2\"", "\"'@SUM(A1)\""});
  const std::string xlsx = tmp / "results.xlsx";
  bordersim::viz::write_workbook(tmp / "cmp", xlsx);
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  const auto comparison = raw_rows(out + "/results-comparison.csv");
  REQUIRE(comparison.size() == 3);
  CHECK(comparison[1][5] == "\"'=1+2\"");
  CHECK(comparison[2][5] == "\"'@SUM(A1)\"");
  CHECK(comparison[2][8] == "-3.5"); // a numeric cell, unquoted
  const auto summary = raw_rows(out + "/results-=1+2 summary.csv");
  REQUIRE(summary.size() == 2);
  CHECK(summary[1][0] == "\"'=1+2\"");
  CHECK(summary[1][4] == "2.25");
  // The chart data names the scenarios the same way.
  const std::string chart_data = read_file(out + "/results-chart_data.csv");
  CHECK(chart_data.find("\"'=1+2\"") != std::string::npos);
  CHECK(chart_data.find("\"'@SUM(A1) ci95\"") != std::string::npos);
}

TEST_CASE("a workbook that cannot be written costs no other result, and the run exits 1 saying why", "[xlsx]")
{
  ScratchDir tmp("xlsx-fails");
  write_file(tmp / "tiny.yaml", R"(scenario: tiny
simulation: {horizon: 10h, warmup: 1h, replications: 2}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 10}]
        stages:
          - id: booth
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}}
)");
  // Files of at most 8 KiB, and SIGXFSZ ignored so that a longer write fails with EFBIG: the CSV files,
  // run_info.json and the workers' results fit, results.xlsx (14 kB with its charts) does not. So would the
  // report (250 kB): it is left out here; it is written, and committed, before the workbook is tried.
  const Outcome r = run_program({"bash", "-c", "ulimit -f 8 && trap '' XFSZ && exec \"$0\" \"$@\"", BORDERSIM_BINARY, "run",
                                 tmp / "tiny.yaml", "--out", tmp / "run", "--xlsx", "--no-report", "--quiet"},
                                120);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("warning: results.xlsx was not written") && Catch::Contains("File too large"));
  for (const char* name :
       {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "effective_config.yaml", "run_info.json"})
    CHECK(fs::exists(tmp / "run/" + name));
  CHECK_FALSE(fs::exists(tmp / "run/results.xlsx"));
  CHECK(read_file(tmp / "run/run_info.json").find("results.xlsx") == std::string::npos); // it lists only what is there
  std::vector<std::string> entries;                                                      // and nothing was left beside the folder
  for (const auto& e : fs::directory_iterator(tmp.path())) entries.push_back(e.path().filename().string());
  std::sort(entries.begin(), entries.end());
  CHECK(entries == std::vector<std::string>{"run", "tiny.yaml"});
}

TEST_CASE(
    "results.xlsx keeps people and vehicles apart: a queue chart per kind, each summing its own stages, and network.csv and "
    "wait_by_hour.csv as sheets",
    "[xlsx]")
{
  ScratchDir tmp("xlsx-mixed");
  const std::string run = tmp / "run";
  write_mixed_run(run);
  const std::string xlsx = tmp / "results.xlsx";
  bordersim::viz::write_workbook(run, xlsx);
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  compare_sheet(run + "/stages.csv", out + "/results-stages.csv");
  // network.csv and wait_by_hour.csv each get their sheet, typed cells as the others.
  compare_sheet(run + "/network.csv", out + "/results-network.csv");
  compare_sheet(run + "/wait_by_hour.csv", out + "/results-wait_by_hour.csv");
  const auto data = raw_rows(out + "/results-chart_data.csv");
  REQUIRE(data.size() >= 6);
  // Each queue's block: its title, its header, then a row per sample (time, mean, min, max).
  int checked = 0;
  for (std::size_t c = 0; c < data[0].size(); ++c) {
    const std::string title = data[0][c];
    if (title.rfind("\"queue: x ", 0) != 0) continue;
    const bool people = title.find(", people") != std::string::npos;
    const int direction = title.find("queue: x in") != std::string::npos ? 0 : 1;
    INFO(title);
    CHECK(data[1][c + 1] == (people ? "\"mean waiting (people)\"" : "\"mean waiting (vehicles)\""));
    for (int k = 0; k < 4; ++k) {
      double mean = 0;
      for (int r = 0; r < 2; ++r)
        for (int s = 0; s < 3; ++s)
          if ((s == 0) == people) mean += mixed_queue(direction, s, r, k) / 2;
      const auto got = parse_number_exact(data[2 + k][c + 1]);
      REQUIRE(got);
      CHECK(*got == Approx(mean));
    }
    ++checked;
  }
  CHECK(checked == 4); // in and out, vehicles and people
}

TEST_CASE("results.xlsx: a sheet continued past the row limit is named 'cont. 2', 'cont. 3', apart from a name clash's ' (2)'",
          "[xlsx]")
{
  ScratchDir tmp("xlsx-continued");
  // Two scenarios whose names clash whatever their case, each with a summary.csv of 5 rows, 2 rows a sheet.
  const std::string cmp = tmp / "cmp";
  std::string comparison = "crossing,direction,class,metric,unit,scenario,value\r\n";
  for (const std::string scenario : {"Foo", "foo"}) {
    comparison += "x,a_to_b,car,wait_mean_min,min," + scenario + ",1\r\n";
    std::string summary = "scenario,crossing,direction,class,served_per_day\r\n";
    for (int i = 0; i < 5; ++i)
      summary += scenario + ",x,a_to_b,class" + std::to_string(i) + "," + std::to_string(10 + i) + "\r\n";
    fs::create_directories(cmp + "/" + scenario);
    write_file(cmp + "/" + scenario + "/summary.csv", summary);
  }
  write_file(cmp + "/comparison.csv", comparison);
  const std::string xlsx = tmp / "results.xlsx";
  bordersim::viz::write_workbook(cmp, xlsx, {2});
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;

  // Each file's rows, in order, over its sheets: the first sheet, then its continuations; the clash keeps " (2)".
  const auto rows_over = [&](const std::vector<std::string>& sheets) {
    std::vector<std::string> served;
    for (const auto& sheet : sheets) {
      INFO(sheet);
      REQUIRE(fs::exists(out + "/results-" + sheet + ".csv"));
      const auto rows = raw_rows(out + "/results-" + sheet + ".csv");
      REQUIRE(rows.size() >= 2);
      CHECK(rows.size() <= 3); // the header and at most 2 rows
      CHECK(rows[0][0] == "\"scenario\"");
      for (std::size_t r = 1; r < rows.size(); ++r) served.push_back(rows[r][4]);
    }
    return served;
  };
  const std::vector<std::string> all{"10", "11", "12", "13", "14"};
  CHECK(rows_over({"Foo summary", "Foo summary cont. 2", "Foo summary cont. 3"}) == all);
  CHECK(rows_over({"foo summary (2)", "foo summary cont. 2 (2)", "foo summary cont. 3 (2)"}) == all);
  CHECK_FALSE(fs::exists(out + "/results-Foo summary (2).csv")); // no continuation takes the clash's suffix
  CHECK_FALSE(fs::exists(out + "/results-foo summary (3).csv"));
}

TEST_CASE("results.xlsx of a sweep's folder: a sheet per file, read back cell by cell, and no chart", "[xlsx][sweep]")
{
  ScratchDir tmp("xlsx-sweep");
  const std::string dir = tmp / "m";
  short_sweep(dir, {"--vary", std::string(kSweepLanesKey) + "=3..5", "--vary", "simulation.demand_scale=0.8,0.9", "--design", "morris:2"});
  const std::string xlsx = tmp / "results.xlsx";
  bordersim::viz::write_workbook(dir, xlsx);
  REQUIRE(fs::exists(xlsx));
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  for (const char* name : {"design", "sweep", "sensitivity"}) compare_sheet(dir + "/" + name + ".csv", out + "/results-" + name + ".csv");
  CHECK(read_file(out + "/results-charts.csv").find("a sweep's charts are in its report.html") != std::string::npos);

  // A malformed sweep file is refused as the report refuses it, and no workbook is left half written.
  write_file(dir + "/sweep.csv", "point,crossing\r\n0,x\r\n");
  CHECK_THROWS_WITH(bordersim::viz::write_workbook(dir, tmp / "bad.xlsx"), Catch::Contains("sweep.csv:1:1: missing column"));
  CHECK_FALSE(fs::exists(tmp / "bad.xlsx"));
}

TEST_CASE("results.xlsx of a calibration's folder: written by calibrate --xlsx, a sheet per file, read back cell by cell, and no chart",
          "[xlsx][calibration]")
{
  ScratchDir tmp("xlsx-calibration");
  const std::string dir = tmp / "c";
  short_calibration(dir, {"--xlsx"});
  const std::string xlsx = dir + "/results.xlsx";
  REQUIRE(fs::exists(xlsx));
  CHECK(read_file(dir + "/run_info.json").find("\"results.xlsx\"") != std::string::npos);
  const std::string out = tmp / "sheets";
  fs::create_directories(out);
  if (!sheets_as_csv(xlsx, out)) return;
  for (const char* name : {"calibration", "parameters", "design", "implausibility", "plausible", "refinement"})
    compare_sheet(dir + "/" + name + ".csv", out + "/results-" + name + ".csv");
  CHECK(read_file(out + "/results-charts.csv").find("a calibration's charts are in its report.html") != std::string::npos);
}
