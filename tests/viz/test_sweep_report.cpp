// The report of a sweep's folder from the viz library: what it reads from design.csv, sweep.csv and sensitivity.csv,
// what it refuses, and MSER-5 in the report of a run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "models/formats/csv_reader.hpp"
#include "viz/report.hpp"
#include "viz/report_data.hpp"
#include "viz/results_folder.hpp"
#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viz;
using namespace bordersim::viztest;

namespace {

const std::string kLanes = kSweepLanesKey;

/// A series' identity as sensitivity.csv and sweep.csv write it.
std::string series_id(const bordersim::CsvTable& t, std::size_t r)
{
  return t.cell(r, "crossing") + "|" + t.cell(r, "direction") + "|" + t.cell(r, "class") + "|" + t.cell(r, "stage") + "|" +
         t.cell(r, "kind") + "|" + t.cell(r, "metric");
}
std::string series_id(const SweepSeries& s)
{
  return s.crossing + "|" + s.direction + "|" + s.vehicle_class + "|" + s.stage + "|" + s.kind + "|" + s.metric;
}

const SweepSeries& series_named(const SweepFolder& s, const std::string& metric)
{
  const auto it = std::find_if(s.series.begin(), s.series.end(), [&](const SweepSeries& x) { return x.metric == metric; });
  REQUIRE(it != s.series.end());
  return *it;
}

} // namespace

TEST_CASE("a Morris sweep's report: each tornado ranks the keys as sensitivity.csv does", "[library][sweep]")
{
  ScratchDir tmp("sweep-morris");
  const std::string dir = tmp / "m";
  short_sweep(dir, {"--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.8,0.9", "--design", "morris:3"});
  const ResultsFolder folder = load_results_folder(dir);
  REQUIRE(folder.sweep);
  CHECK(folder.runs.empty());
  const SweepFolder& s = *folder.sweep;
  CHECK(s.design == "morris");
  CHECK(s.scenario == "mmc-example");
  CHECK(s.points == 9); // 3 trajectories of keys + 1 points
  CHECK(s.replications_min == 2);
  CHECK(s.replications_max == 2);
  REQUIRE(s.keys.size() == 2);
  CHECK(s.keys[0].key == kLanes);
  CHECK(s.keys[1].levels == std::vector<std::string>{"0.8", "0.9"});
  CHECK(s.trajectory == std::vector<int>{0, 0, 0, 1, 1, 1, 2, 2, 2});
  CHECK(s.grid_points.empty());

  // Every series' effects are sensitivity.csv's rows of that series, by rank; ties keep the file's order.
  const bordersim::CsvTable sensitivity = bordersim::read_csv_table(dir + "/sensitivity.csv");
  std::map<std::string, std::vector<std::pair<int, std::string>>> ranked;
  for (std::size_t r = 0; r < sensitivity.rows.size(); ++r)
    ranked[series_id(sensitivity, r)].push_back({std::stoi(sensitivity.cell(r, "rank")), sensitivity.cell(r, "key")});
  std::size_t checked = 0;
  for (std::size_t i = 0; i < s.series.size(); ++i) {
    auto want = ranked[series_id(s.series[i])];
    std::stable_sort(want.begin(), want.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> got;
    for (const auto& e : s.effects[i]) got.push_back(s.keys[e.key].key);
    std::vector<std::string> keys;
    for (const auto& [rank, key] : want) keys.push_back(key);
    INFO(series_id(s.series[i]));
    CHECK(got == keys);
    checked += got.size();
  }
  CHECK(checked == sensitivity.rows.size());
  // The wait moves with the lanes far more than with a tenth of the demand: lanes first, μ* and σ from the file.
  const auto wait = std::find_if(s.series.begin(), s.series.end(), [](const SweepSeries& x) { return x.metric == "wait_mean_min"; });
  REQUIRE(wait != s.series.end());
  const auto& effects = s.effects[static_cast<std::size_t>(wait - s.series.begin())];
  REQUIRE(effects.size() == 2);
  CHECK(s.keys[effects[0].key].key == kLanes);
  CHECK(effects[0].rank == 1);
  CHECK(effects[0].effect > effects[1].effect);
  CHECK(effects[0].steps == 3);

  const std::string html = report_html(dir);
  CHECK(html.find("<title>bordersim sweep: mmc-example</title>") != std::string::npos);
  CHECK(html.find("\"sweep\":{\"scenario\":\"mmc-example\",\"design\":\"morris\",\"points\":9") != std::string::npos);
}

TEST_CASE("a grid sweep's report: a line has a point per level, a heat map a cell per combination", "[library][sweep]")
{
  ScratchDir tmp("sweep-grid");
  SECTION("one key: the levels in order of value, a point each")
  {
    const std::string dir = tmp / "g1";
    short_sweep(dir, {"--vary", kLanes + "=5,3,4", "--design", "grid"});
    const SweepFolder s = *load_results_folder(dir).sweep;
    CHECK(s.design == "grid");
    REQUIRE(s.keys.size() == 1);
    CHECK(s.keys[0].numeric);
    CHECK(s.keys[0].levels == std::vector<std::string>{"3", "4", "5"}); // ascending, whatever the list's order
    CHECK(s.keys[0].level_values == std::vector<double>{3, 4, 5});
    REQUIRE(s.grid_points.size() == 3);
    // Point 0 has 5 lanes (the list's first): the line's last point.
    CHECK(s.grid_points == std::vector<std::size_t>{1, 2, 0});
    const SweepSeries& wait = series_named(s, "wait_mean_min");
    const bordersim::CsvTable sweep = bordersim::read_csv_table(dir + "/sweep.csv");
    for (std::size_t r = 0; r < sweep.rows.size(); ++r)
      if (series_id(sweep, r) == series_id(wait)) CHECK(wait.mean[std::stoul(sweep.cell(r, "point"))] == Approx(*sweep.number(r, "mean")));
    // The wait falls as lanes are added: the line is drawn from these, level by level.
    CHECK(wait.mean[s.grid_points[0]] > wait.mean[s.grid_points[1]]);
    CHECK(wait.mean[s.grid_points[1]] > wait.mean[s.grid_points[2]]);
  }
  SECTION("two keys: levels1 × levels2 cells, each the point of that combination")
  {
    const std::string dir = tmp / "g2";
    short_sweep(dir, {"--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.7,0.8,0.9,0.95", "--design", "grid"});
    const SweepFolder s = *load_results_folder(dir).sweep;
    CHECK(s.design == "grid");
    REQUIRE(s.keys.size() == 2);
    REQUIRE(s.grid_points.size() == 3 * 4);
    for (std::size_t l0 = 0; l0 < 3; ++l0)
      for (std::size_t l1 = 0; l1 < 4; ++l1) {
        const std::size_t p = s.grid_points[l0 * 4 + l1];
        CHECK(s.level[p] == std::vector<std::size_t>{l0, l1});
      }
  }
  SECTION("lhs: no grid; oat: the design sensitivity.csv names")
  {
    short_sweep(tmp / "lhs", {"--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.7..0.95", "--design", "lhs:6"});
    const SweepFolder lhs = *load_results_folder(tmp / "lhs").sweep;
    CHECK(lhs.design == "lhs");
    CHECK(lhs.points == 6);
    CHECK(lhs.grid_points.empty());
    CHECK_FALSE(lhs.has_sensitivity);
    short_sweep(tmp / "oat", {"--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.7..0.95", "--design", "oat"});
    const SweepFolder oat = *load_results_folder(tmp / "oat").sweep;
    CHECK(oat.design == "oat");
    CHECK(oat.points == 1 + 3 + 3);
    CHECK(oat.has_sensitivity);
  }
}

namespace {

/// A small sweep folder written by hand: two points, one key, one metric.
void write_sweep_folder(const std::string& dir)
{
  fs::create_directories(dir);
  write_file(dir + "/design.csv", "point,trajectory,key,value\r\n0,,lanes,3\r\n1,,lanes,4\r\n");
  write_file(dir + "/sweep.csv", "point,crossing,direction,class,stage,kind,metric,unit,mean,ci95,replications\r\n"
                                 "0,x,in,car,,vehicle,wait_mean_min,min,2.5,0.5,2\r\n"
                                 "1,x,in,car,,vehicle,wait_mean_min,min,1.5,0.25,2\r\n");
  write_file(dir + "/sensitivity.csv", "design,key,crossing,direction,class,stage,kind,metric,unit,effect,mu,sigma,steps,rank\r\n"
                                       "oat,lanes,x,in,car,,vehicle,wait_mean_min,min,-1,-1,,1,1\r\n");
}

} // namespace

TEST_CASE("a sweep's files are refused where they are malformed or disagree, located", "[library][sweep]")
{
  ScratchDir tmp("sweep-bad");
  const std::string dir = tmp / "s";
  write_sweep_folder(dir);
  const SweepFolder good = *load_results_folder(dir).sweep;
  CHECK(good.design == "oat");
  CHECK(good.scenario == "s"); // no effective_config.yaml: the folder's name

  // Each spoiled file in turn, the others as written; every message names the file, line and column.
  const std::string sweep_header = "point,crossing,direction,class,stage,kind,metric,unit,mean,ci95,replications\r\n";
  const std::string design_header = "point,trajectory,key,value\r\n";
  const std::string sensitivity_header = "design,key,crossing,direction,class,stage,kind,metric,unit,effect,mu,sigma,steps,rank\r\n";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases{
      {"sweep.csv", "point,crossing,direction,class,stage,kind,metric,unit,mean,ci95,replications,extra\r\n",
       "sweep.csv:1:78: unknown column 'extra'; sweep.csv has: point crossing direction"},
      {"design.csv", "point,key,value\r\n0,lanes,3\r\n", "design.csv:1:1: missing column 'trajectory'"},
      {"sweep.csv", sweep_header + "0,x,in,car,,vehicle,wait_mean_min,min,1,0,2\r\n5,x,in,car,,vehicle,wait_mean_min,min,1,0,2\r\n",
       "sweep.csv:3:1: point: 5 is not in design.csv (points 0 to 1)"},
      {"sweep.csv", sweep_header + "0,x,in,car,,vehicle,wait_mean_min,min,1,-1,2\r\n", "sweep.csv:2:41: ci95: '-1' is negative"},
      {"sweep.csv", sweep_header + "0,x,in,car,,vehicle,wait_mean_min,min,1,0,2\r\n0,x,in,car,,vehicle,wait_mean_min,min,1,0,2\r\n",
       "sweep.csv:3:21: metric: a second row of wait_mean_min for point 0"},
      {"sweep.csv", sweep_header + "0,x,in,car,,vehicle,,min,1,0,2\r\n", "sweep.csv:2:21: metric: empty, but every row needs one"},
      {"sweep.csv", sweep_header, "sweep.csv:2:1: no rows after the header"},
      {"design.csv", design_header + "0,,lanes,3\r\n0,,demand,1\r\n1,,lanes,4\r\n2,,lanes,5\r\n",
       "design.csv:5:1: point 1 lacks key 'demand'"},
      {"design.csv", design_header + "0,,lanes,3\r\n1,,demand,4\r\n", "design.csv:3:4: key: expected 'lanes'"},
      {"design.csv", design_header + "0,,lanes,3\r\n2,,lanes,4\r\n", "design.csv:3:1: point: expected 1"},
      {"design.csv", design_header + "0,,lanes,3\r\n1,0.5,lanes,4\r\n", "design.csv:3:3: trajectory: '0.5' is not a whole number"},
      {"sensitivity.csv", sensitivity_header + "oat,demand,x,in,car,,vehicle,wait_mean_min,min,-1,-1,,1,1\r\n",
       "sensitivity.csv:2:5: key: 'demand' is not a key of design.csv"},
      {"sensitivity.csv", sensitivity_header + "sobol,lanes,x,in,car,,vehicle,wait_mean_min,min,-1,-1,,1,1\r\n",
       "sensitivity.csv:2:1: design: 'sobol' is none of: oat morris"},
      {"sensitivity.csv", sensitivity_header + "oat,lanes,x,out,car,,vehicle,wait_mean_min,min,-1,-1,,1,1\r\n",
       "sensitivity.csv:2:30: metric: sweep.csv has no wait_mean_min of this flow"},
  };
  for (const auto& [file, text, message] : cases) {
    INFO(file << ":\n" << text);
    write_sweep_folder(dir);
    write_file(dir + "/" + file, text);
    CHECK_THROWS_WITH(load_results_folder(dir), Catch::Contains(message));
    CHECK_THROWS_WITH(report_html(dir), Catch::Contains(message));
  }
}

TEST_CASE("the report of a run carries MSER-5's end of the start-up of every stage beside the warm-up", "[library][warmup]")
{
  ScratchDir tmp("mser");
  heavy_run(tmp / "cold", "0s");
  const ResultsFolder folder = load_results_folder(tmp / "cold");
  REQUIRE(folder.runs.size() == 1);
  const auto& stages = folder.runs[0].stages;
  REQUIRE(stages);
  const auto mser_h = stages->number(0, "warmup_mser5_h");
  REQUIRE(mser_h);
  CHECK(*mser_h > 0); // an M/M/1 at 0.9 started empty: its start-up lasts hours, past the warm-up of 0
  CHECK(folder.runs[0].description.number("warmup_h") == 0.0);
  const std::string html = report_html(tmp / "cold");
  CHECK(html.find("warmup_mser5_h") != std::string::npos);

  // A spoiled truncation point is refused as any figure of stages.csv is.
  // Its cell in the one row, found by the column's name (later columns may follow it).
  std::string text = read_file(tmp / "cold/stages.csv");
  const auto header_end = text.find("\r\n");
  int column = 0;
  for (std::size_t at = 0; at < text.find("warmup_mser5_h"); ++at) column += text[at] == ',';
  std::size_t cell = header_end + 2;
  for (int c = 0; c < column; ++c) cell = text.find(',', cell) + 1;
  const std::size_t cell_end = text.find_first_of(",\r", cell);
  text = text.substr(0, cell) + "-1" + text.substr(cell_end);
  REQUIRE(text.find("warmup_mser5_h") < header_end);
  write_file(tmp / "cold/stages.csv", text);
  CHECK_THROWS_WITH(load_results_folder(tmp / "cold"), Catch::Contains("warmup_mser5_h: '-1' is negative"));
}
