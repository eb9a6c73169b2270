// The report of a calibration's folder: what the viz library reads from calibration.csv, parameters.csv and
// implausibility.csv, what it refuses, the page in headless Chromium, and the workbook beside it.
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <set>
#include <tuple>

#include "models/formats/csv_reader.hpp"
#include "models/formats/json_reader.hpp"
#include "viz/report.hpp"
#include "viz/results_folder.hpp"
#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viz;
using namespace bordersim::viztest;

namespace {

/// A number cell as the loader holds it: NaN when the file leaves it empty.
double cell_number(const bordersim::CsvTable& t, std::size_t r, const std::string& column)
{
  return t.cell(r, column).empty() ? std::nan("") : *t.number(r, column);
}

/// The same figure, or both not defined.
bool same_figure(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == Approx(b).epsilon(1e-12); }

/// The leading number of a value as parameters.csv writes it ("1.25min" → 1.25).
double leading_number(const std::string& text)
{
  std::size_t end = text.size();
  while (end > 0 && std::isalpha(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::stod(text.substr(0, end));
}

/// The screen's points and its plausible ones, counted from implausibility.csv.
std::pair<std::size_t, std::size_t> screen_of(const std::string& dir)
{
  const bordersim::CsvTable screen = bordersim::read_csv_table(dir + "/implausibility.csv");
  std::set<std::string> points, plausible;
  for (std::size_t r = 0; r < screen.rows.size(); ++r) {
    points.insert(screen.cell(r, "point"));
    if (screen.cell(r, "plausible") == "yes") plausible.insert(screen.cell(r, "point"));
  }
  return {points.size(), plausible.size()};
}

/// The fitted target whose observation ruled out the largest share of the screen (the first of equals), or "" when
/// none ruled out any point.
std::string most_ruling_out(const bordersim::CsvTable& calibration)
{
  std::string most;
  double share = 0;
  for (std::size_t r = 0; r < calibration.rows.size(); ++r)
    if (calibration.cell(r, "use") == "fit" && *calibration.number(r, "ruled_out_share") > share) {
      share = *calibration.number(r, "ruled_out_share");
      most = calibration.cell(r, "target");
    }
  return most;
}

} // namespace

TEST_CASE("a calibration's report: the loader holds calibration.csv's and parameters.csv's figures, the screen's count, the title",
          "[library][calibration]")
{
  ScratchDir tmp("calibration");
  const std::string dir = tmp / "c";
  short_calibration(dir);
  // calibrate writes the report with its files, and says so in run_info.json.
  REQUIRE(fs::exists(dir + "/report.html"));
  const auto info = bordersim::parse_json(read_file(dir + "/run_info.json"), "run_info.json");
  std::set<std::string> listed;
  for (const auto& f : info.find("files")->items) listed.insert(f.text);
  CHECK(listed.count("report.html") == 1);
  CHECK(listed.count("results.xlsx") == 0); // without --xlsx
  CHECK(listed.count("calibration.csv") == 1);

  const ResultsFolder folder = load_results_folder(dir);
  REQUIRE(folder.calibration);
  CHECK_FALSE(folder.sweep); // design.csv without sweep.csv: not a sweep's
  CHECK(folder.runs.empty());
  const CalibrationFolder& c = *folder.calibration;
  CHECK(c.scenario == "synth"); // calibrated.yaml's first line

  const bordersim::CsvTable targets = bordersim::read_csv_table(dir + "/calibration.csv");
  REQUIRE(c.targets.size() == 3);
  REQUIRE(targets.rows.size() == 3);
  for (std::size_t r = 0; r < targets.rows.size(); ++r) {
    const CalibrationTarget& t = c.targets[r];
    INFO(t.id);
    CHECK(t.id == targets.cell(r, "target"));
    CHECK(t.use == targets.cell(r, "use"));
    CHECK(t.metric == targets.cell(r, "metric"));
    CHECK(t.unit == targets.cell(r, "unit"));
    CHECK(t.vehicle_class == targets.cell(r, "class"));
    CHECK(t.stage == targets.cell(r, "stage"));
    for (const auto& [column, value] : std::vector<std::pair<std::string, double>>{
             {"observed", t.observed}, {"observed_low", t.observed_low}, {"observed_high", t.observed_high},
             {"uncertainty", t.uncertainty}, {"discrepancy", t.discrepancy}, {"simulated", t.simulated},
             {"simulated_ci95", t.simulated_ci95}, {"standardized_error", t.standardized_error},
             {"implausibility", t.implausibility}, {"ruled_out_share", t.ruled_out_share}}) {
      INFO(column << ": " << targets.cell(r, column));
      CHECK(same_figure(value, cell_number(targets, r, column)));
    }
  }
  CHECK(c.targets[0].id == "served");
  CHECK(c.targets[2].use == "holdout");
  CHECK(c.targets[2].observed_low == 1.5); // a range observed
  CHECK(std::isnan(c.targets[2].observed));
  CHECK_FALSE(std::isnan(c.targets[0].simulated));

  const bordersim::CsvTable params = bordersim::read_csv_table(dir + "/parameters.csv");
  REQUIRE(c.inputs.size() == 3);
  REQUIRE(params.rows.size() == 3);
  for (std::size_t r = 0; r < params.rows.size(); ++r) {
    const CalibrationInput& p = c.inputs[r];
    INFO(p.key);
    CHECK(p.key == params.cell(r, "key"));
    CHECK(p.scale == params.cell(r, "scale"));
    CHECK(p.calibrated == params.cell(r, "calibrated"));
    CHECK(p.low_number == leading_number(params.cell(r, "low")));
    CHECK(p.high_number == leading_number(params.cell(r, "high")));
    CHECK(p.calibrated_number == Approx(leading_number(params.cell(r, "calibrated"))));
    CHECK(p.plausible_low.empty() == params.cell(r, "plausible_low").empty());
    if (!p.plausible_low.empty()) {
      CHECK(p.plausible_low_number == leading_number(params.cell(r, "plausible_low")));
      CHECK(p.plausible_high_number == leading_number(params.cell(r, "plausible_high")));
      CHECK(p.plausible_low_number <= p.plausible_high_number);
    }
  }
  CHECK(c.inputs[0].unit.empty());
  CHECK(c.inputs[1].unit == "min");
  CHECK(c.inputs[1].scale == "log");
  CHECK(c.inputs[1].scenario_number == Approx(0.8)); // the scenario's 0.8min

  const auto [points, plausible] = screen_of(dir);
  CHECK(points == 9); // point 0, the scenario as it is, and --points 8
  CHECK(c.screen_points == points);
  CHECK(c.plausible_points == plausible);

  // The page: its title, and the JSON it draws from holds the same figures.
  const std::string html = report_html(dir);
  CHECK(html.find("<title>bordersim calibration: synth</title>") != std::string::npos);
  const bordersim::JsonValue data = data_island(html);
  const bordersim::JsonValue* island = data.find("calibration");
  REQUIRE(island);
  REQUIRE(island->kind == bordersim::JsonValue::Kind::object);
  CHECK(island->find("screen_points")->number() == static_cast<double>(points));
  CHECK(island->find("plausible_points")->number() == static_cast<double>(plausible));
  REQUIRE(island->find("targets")->items.size() == 3);
  REQUIRE(island->find("parameters")->items.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) {
    const bordersim::JsonValue& t = island->find("targets")->items[r];
    CHECK(t.find("target")->text == targets.cell(r, "target"));
    CHECK(t.find("simulated")->number().value_or(NAN) == Approx(cell_number(targets, r, "simulated")));
    CHECK(t.find("ruled_out_share")->number().value_or(NAN) == Approx(cell_number(targets, r, "ruled_out_share")));
    const bordersim::JsonValue& p = island->find("parameters")->items[r];
    CHECK(p.find("key")->text == params.cell(r, "key"));
    CHECK(p.find("plausible_low")->text == params.cell(r, "plausible_low"));
  }
  CHECK(data.find("sweep")->kind == bordersim::JsonValue::Kind::null);
}

namespace {

const std::string kCalibrationHeader = "target,use,crossing,direction,class,stage,metric,unit,window,scenario,observed,observed_low,"
                                       "observed_high,uncertainty,discrepancy,simulated,simulated_ci95,standardized_error,"
                                       "implausibility,ruled_out_share,scenario_simulated,scenario_simulated_ci95,scenario_implausibility,source\r\n";
const std::string kServedRow = "served,fit,x,in,car,,served_per_day,cars/day,,,2400,,,200,0,2300,40,-0.5,0.49,0.5,,,,counts\r\n";
const std::string kWaitRow = "wait,holdout,x,in,car,,wait_mean_min,min,,,,1.5,3,0.3,0.5,2.1,0.2,0,0,0.25,2,0.3,1.5,asked\r\n";
const std::string kParametersHeader = "key,scale,low,high,scenario_value,plausible_low,plausible_high,identified,calibrated,source\r\n";
const std::string kDemandRow = "demand,linear,1200,3600,1500,2000,3000,yes,2450,counts\r\n";
const std::string kServiceRow = "service,log,0.5min,2min,48s,1min,1.8min,yes,1.5min,timed\r\n";
const std::string kScreenHeader = "point,target,use,simulated,simulated_ci95,implausibility,plausible\r\n";
const std::string kScreen = "0,served,fit,1500,30,4.4,no\r\n0,wait,holdout,0.5,0.1,1.7,no\r\n"
                            "1,served,fit,2450,40,0.2,yes\r\n1,wait,holdout,2.1,0.2,0,yes\r\n";

/// A small calibration folder written by hand: two targets (one a range, held out), two inputs, two screen points.
void write_calibration_folder(const std::string& dir)
{
  fs::create_directories(dir);
  write_file(dir + "/calibration.csv", kCalibrationHeader + kServedRow + kWaitRow);
  write_file(dir + "/parameters.csv", kParametersHeader + kDemandRow + kServiceRow);
  write_file(dir + "/implausibility.csv", kScreenHeader + kScreen);
}

} // namespace

TEST_CASE("a calibration's files are refused where they are malformed or disagree, located", "[library][calibration]")
{
  ScratchDir tmp("calibration-bad");
  const std::string dir = tmp / "c";
  write_calibration_folder(dir);
  const CalibrationFolder good = *load_results_folder(dir).calibration;
  CHECK(good.scenario == "c"); // no calibrated.yaml: the folder's name
  CHECK(good.screen_points == 2);
  CHECK(good.plausible_points == 1);
  CHECK(good.inputs[1].scenario_number == Approx(0.8)); // 48s in the range's unit, min
  CHECK(good.inputs[1].plausible_high_number == 1.8);
  CHECK(std::isnan(good.targets[1].observed));
  CHECK(good.targets[1].observed_high == 3);

  // Each spoiled file in turn, the others as written; every message names the file, line and column.
  const std::vector<std::tuple<std::string, std::string, std::string>> cases{
      {"calibration.csv", kCalibrationHeader + "served,fit,x,in,car,,served_per_day,cars/day,,,2400,,,200,0,abc,40,-0.5,0.49,0.5,,,,counts\r\n",
       "calibration.csv:2:61: simulated: "},
      {"calibration.csv", kCalibrationHeader.substr(0, kCalibrationHeader.size() - 2) + ",extra\r\n",
       "calibration.csv:1:280: unknown column 'extra'; calibration.csv has: target use crossing"},
      {"calibration.csv", "target,use\r\nserved,fit\r\n", "calibration.csv:1:1: missing column 'crossing'"},
      {"calibration.csv", kCalibrationHeader + "served,maybe,x,in,car,,served_per_day,cars/day,,,2400,,,200,0,2300,40,-0.5,0.49,0.5,,,,counts\r\n",
       "calibration.csv:2:8: use: 'maybe' is none of: fit holdout"},
      {"calibration.csv", kCalibrationHeader + "served,fit,x,in,car,,served_per_day,cars/day,,,2400,2000,,200,0,2300,40,-0.5,0.49,0.5,,,,counts\r\n",
       "calibration.csv:2:53: observed: a value was observed, so there is no range"},
      {"calibration.csv", kCalibrationHeader + "served,fit,x,in,car,,served_per_day,cars/day,,,2400,,,200,0,2300,40,-0.5,0.49,1.5,,,,counts\r\n",
       "calibration.csv:2:79: ruled_out_share: '1.5' is not a share from 0 to 1"},
      {"calibration.csv", kCalibrationHeader + kServedRow + kServedRow, "calibration.csv:3:1: target: 'served' appears twice"},
      {"calibration.csv", kCalibrationHeader, "calibration.csv:2:1: no rows after the header"},
      {"parameters.csv", kParametersHeader + "demand,linear,abc,3600,1500,2000,3000,yes,2450,counts\r\n",
       "parameters.csv:2:15: low: 'abc' is not a number"},
      {"parameters.csv", kParametersHeader + kDemandRow + "service,log,0.5min,2min,48s,1min,1.8km,yes,1.5min,timed\r\n",
       "parameters.csv:3:34: plausible_high: '1.8km' is not a number in the range's unit 'min'"},
      {"parameters.csv", kParametersHeader + "demand,cubic,1200,3600,1500,2000,3000,yes,2450,counts\r\n",
       "parameters.csv:2:8: scale: 'cubic' is none of: linear log"},
      {"implausibility.csv", kScreenHeader + "0,served,fit,1500,30,4.4,no\r\n0,util,holdout,0.5,0.1,1.7,no\r\n",
       "implausibility.csv:3:3: target: expected 'wait' (every point lists calibration.csv's targets, in its order), got 'util'"},
      {"implausibility.csv", kScreenHeader + "0,served,fit,1500,30,4.4,no\r\n0,wait,holdout,0.5,0.1,1.7,yes\r\n",
       "implausibility.csv:3:28: plausible: 'yes', where an earlier row of point 0 says 'no'"},
      {"implausibility.csv", kScreenHeader + "0,served,fit,1500,30,4.4,no\r\n1,served,fit,2450,40,0.2,yes\r\n",
       "implausibility.csv:3:1: point 0 lacks target 'wait'"},
      {"implausibility.csv", kScreenHeader, "implausibility.csv:2:1: no rows after the header"},
  };
  for (const auto& [file, text, message] : cases) {
    INFO(file << ":\n" << text);
    write_calibration_folder(dir);
    write_file(dir + "/" + file, text);
    CHECK_THROWS_WITH(load_results_folder(dir), Catch::Contains(message));
    CHECK_THROWS_WITH(report_html(dir), Catch::Contains(message));
  }
}

TEST_CASE("the report of a calibration draws a chart per target and a row per target and input, offline, without an error",
          "[browser][calibration]")
{
  ScratchDir tmp("calibration-browser");
  const std::string dir = tmp / "c";
  short_calibration(dir);
  const std::string html = dir + "/report.html";
  REQUIRE(fs::exists(html));
  check_self_contained(read_file(html));
  // A chart per target: served, util, wait.
  std::string dom;
  const auto verdict = check_in_browser(html, {{"report-calibration.png", ""}}, 3, 2600, "", false, &dom);
  if (!verdict) return;
  const bordersim::JsonValue parsed = bordersim::parse_json(*verdict, "self-test verdict");
  const bordersim::JsonValue* drawn = parsed.find("calibration");
  REQUIRE(drawn);
  REQUIRE(drawn->kind == bordersim::JsonValue::Kind::object);
  const bordersim::CsvTable targets = bordersim::read_csv_table(dir + "/calibration.csv");
  const bordersim::CsvTable params = bordersim::read_csv_table(dir + "/parameters.csv");

  // One chart per target, in calibration.csv's order, the held-out range told apart.
  const auto& charts = drawn->find("charts")->items;
  REQUIRE(charts.size() == targets.rows.size());
  for (std::size_t r = 0; r < charts.size(); ++r) {
    CHECK(charts[r].find("target")->text == targets.cell(r, "target"));
    CHECK(charts[r].find("use")->text == targets.cell(r, "use"));
    CHECK(charts[r].find("simulated")->text == (targets.cell(r, "simulated").empty() ? "false" : "true"));
  }
  CHECK(charts[2].find("observed")->text == "range");
  CHECK(charts[0].find("observed")->text == "value");
  CHECK(drawn->find("left_out")->items.empty());
  for (const char* title : {"served: ", "util: ", "wait (held out): "}) CHECK(verdict->find(std::string("\"title\":\"") + title) != std::string::npos);

  // The tables: a row per target and per input; a plausible range drawn for each input that has one.
  CHECK(drawn->find("target_rows")->number() == static_cast<double>(targets.rows.size()));
  CHECK(drawn->find("parameter_rows")->number() == static_cast<double>(params.rows.size()));
  std::size_t with_range = 0;
  for (std::size_t r = 0; r < params.rows.size(); ++r) with_range += !params.cell(r, "plausible_low").empty();
  CHECK(drawn->find("plausible_bars")->number() == static_cast<double>(with_range));
  REQUIRE(drawn->find("bars")->items.size() == params.rows.size());

  // The sentence names the fitted target that ruled out the most.
  const std::string most = most_ruling_out(targets);
  if (most.empty()) {
    CHECK(drawn->find("most_ruled_out")->kind == bordersim::JsonValue::Kind::null);
  } else {
    CHECK(drawn->find("most_ruled_out")->text == most);
    CHECK(dom.find("<p class=\"most-ruled-out\" data-target=\"" + most + "\"><strong>The observation that ruled out the most of the screen: " +
                   most + " (") != std::string::npos);
  }
  // The screen's count, from implausibility.csv; the held-out target marked so in its row.
  const auto [points, plausible] = screen_of(dir);
  CHECK(dom.find(std::to_string(plausible) + " of " + std::to_string(points) + " points plausible") != std::string::npos);
  const auto wait_row = dom.find("<tr class=\"held-out\" data-target=\"wait\">");
  REQUIRE(wait_row != std::string::npos);
  CHECK(dom.find("held out", wait_row) < dom.find("</tr>", wait_row));
  CHECK(dom.find(">1.50 – 3.00<") != std::string::npos); // the range observed, as the table writes it
}

TEST_CASE("calibrate --xlsx: a workbook it cannot write is left out, with a warning and exit code 1, the rest kept", "[xlsx][calibration]")
{
  ScratchDir tmp("calibration-xlsx");
  // Files of at most 8 KiB, and SIGXFSZ ignored so that a longer write fails with EFBIG (as test_workbook.cpp does for a
  // run): over 2 hours the workers' results (6 kB), the CSV files, calibrated.yaml and run_info.json fit, results.xlsx
  // (14 kB) does not; nor would the report, left out.
  const std::string small = tmp / "small";
  std::vector<std::string> command{"bash", "-c", "ulimit -f 8 && trap '' XFSZ && exec \"$0\" \"$@\"", BORDERSIM_BINARY};
  for (const auto& a : calibration_command(small)) command.push_back(a);
  for (const char* a : {"--set", "simulation.horizon=2h", "--set", "simulation.warmup=1h", "--xlsx", "--no-report"}) command.emplace_back(a);
  const Outcome r = run_program(command, 120);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("bordersim: warning: results.xlsx was not written (") && Catch::Contains("File too large"));
  for (const char* name : {"calibration.csv", "parameters.csv", "design.csv", "implausibility.csv", "plausible.csv", "refinement.csv",
                           "calibrated.yaml", "run_info.json"})
    CHECK(fs::exists(small + "/" + name));
  CHECK_FALSE(fs::exists(small + "/results.xlsx"));
  CHECK_FALSE(fs::exists(small + "/report.html"));
  CHECK(read_file(small + "/run_info.json").find("results.xlsx") == std::string::npos); // it lists only what is there
  CHECK(r.out.find("at the calibrated point:") != std::string::npos);                   // the terminal's table still comes
}
