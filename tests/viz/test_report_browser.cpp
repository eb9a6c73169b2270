// The report as a reader gets it: opened in headless Chromium, offline, with its built-in self-test (the browser's
// helpers are in viz_support, shared with test_calibration_report.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <sstream>

#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viztest;

TEST_CASE("the report of a run opens offline in Chromium with no error, every chart drawn and a working replay", "[browser]")
{
  ScratchDir tmp("report");
  const std::string run = tmp / "run";
  short_run(run);
  REQUIRE(fs::exists(run + "/report.html")); // `run` writes it unless --no-report

  // With the assumptions list, written again by `bordersim report`.
  write_provenance(run);
  const Outcome report = run_bordersim({"report", run});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  const std::string html = run + "/report.html";
  const std::string text = read_file(html);
  check_self_contained(text);
  CHECK(text.size() < 1500000);
  for (const char* part : {"Chart.js v3", "id=\"report-data\"", "karasu-today", "provenance.csv", "kz_xray"})
    CHECK(text.find(part) != std::string::npos);

  // 2 queue charts, the waits, the replay.
  if (!check_in_browser(html, {{"report-screenshot.png", ""}}, 4, 4000)) return;
  INFO("screenshot: " << artefact_dir() << "/report-screenshot.png");
}

TEST_CASE("the report of a comparison draws bars with intervals for every metric and states the differences", "[browser]")
{
  ScratchDir tmp("compare");
  const std::string folder = tmp / "comparison";
  short_comparison(folder);
  REQUIRE(fs::exists(folder + "/report.html")); // `compare` writes it unless --no-report

  // With one scenario's assumptions, written again by `bordersim report`.
  write_provenance(folder + "/karasu-today");
  const std::string html = tmp / "comparison-report.html";
  const Outcome report = run_bordersim({"report", folder, "-o", html});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  const std::string text = read_file(html);
  check_self_contained(text);
  CHECK(text.find("bordersim comparison: karasu-today vs five-windows") != std::string::npos);
  CHECK(text.find("\"comparison\":{\"columns\"") != std::string::npos);

  // One chart per metric + for each scenario 2 queue charts, the waits and the replay.
  if (!check_in_browser(html, {{"report-comparison-screenshot.png", ""}}, 12, 8400)) return;
}

TEST_CASE("the report of the KZ-KG network comparison: one crossing at a time, every label drawn, no empty chart, the "
          "differences ranked as the terminal ranks them",
          "[browser]")
{
  ScratchDir tmp("network");
  const std::string folder = tmp / "comparison";
  const std::string kz = std::string(BORDERSIM_SOURCE_DIR) + "/configs/kz-kg/";
  const Outcome r = run_bordersim({"compare", kz + "current.yaml", kz + "reconstruction-2027.yaml", "--set",
                                   "simulation.horizon=4d", "--set", "simulation.warmup=1d", "--replications", "3", "--out",
                                   folder});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<std::string> terminal = terminal_differences(r.out);
  REQUIRE(terminal.size() == 20);
  const std::string html = folder + "/report.html";
  REQUIRE(fs::exists(html));
  check_self_contained(read_file(html));

  // The self-test draws every crossing in turn; the page is opened on Karasu, the pictures show Karasu and Kordai.
  const auto verdict = check_in_browser(
      html, {{"report-network-karasu.png", "#crossing=karasu"}, {"report-network-kordai.png", "#crossing=kordai"}}, 100, 2600,
      "&crossing=karasu");
  if (!verdict) return;
  CHECK(verdict->find("\"shown\":\"karasu\"") != std::string::npos);
  const auto crossings = verdict_strings(*verdict, "crossings");
  for (const char* id : {"kordai", "karasu", "sartobe", "aukhatty", "kegen", "aisha_bibi", "sypatay_batyr", "besagash"})
    CHECK(std::find(crossings.begin(), crossings.end(), id) != crossings.end());
  // Karasu turns no truck away in either scenario: that chart is left out, in words.
  const auto left_out = verdict_strings(*verdict, "left_out");
  CHECK(std::any_of(left_out.begin(), left_out.end(), [](const std::string& line) {
    return line.rfind("Not drawn for Karasu", 0) == 0 &&
           line.find("vehicles turned away to another crossing per day") != std::string::npos &&
           line.find("every value is 0 or missing in every scenario") != std::string::npos;
  }));
  // The page's first sentences are the terminal's top lines, in the same order.
  CHECK(verdict_strings(*verdict, "top_differences") == terminal);
}

TEST_CASE("the report of a run where people and vehicles cross keeps them apart: tables, charts and units of their own",
          "[browser]")
{
  ScratchDir tmp("mixed");
  const std::string run = tmp / "run";
  write_mixed_run(run);
  const Outcome report = run_bordersim({"report", run});
  INFO(report.err);
  REQUIRE(report.exit_code == 0);
  const std::string html = run + "/report.html";
  // Queues of people and of vehicles, each direction; waits of each kind; the replay of each kind.
  const auto verdict = check_in_browser(html, {{"report-mixed-screenshot.png", ""}}, 12, 4200);
  if (!verdict) return;
  for (const char* title :
       {"Queue over time, people, in", "Queue over time, vehicles, in", "Queue over time, people, out",
        "Wait distribution per class, people", "Wait distribution per class, vehicles", "people: each stage",
        "vehicles: each stage", "Wait by hour of arrival, vehicles, in", "Wait by hour of arrival, people, out"})
    CHECK(verdict->find(title) != std::string::npos);

  // The headline: a table per kind, each in its own unit, the pedestrians in the people's only.
  const std::string dom = rendered_dom(html);
  const auto table = [&](const std::string& kind) {
    const auto start = dom.find("data-kind=\"" + kind + "\"");
    return start == std::string::npos ? std::string() : dom.substr(start, dom.find("</table>", start) - start);
  };
  const std::string people = table("person"), vehicles = table("vehicle");
  CHECK(people.find("served per day (people/day)") != std::string::npos);
  CHECK(people.find(">pedestrian<") != std::string::npos);
  CHECK(people.find(">car<") == std::string::npos);
  CHECK(vehicles.find("served per day (vehicles/day)") != std::string::npos);
  CHECK(vehicles.find(">truck<") != std::string::npos);
  CHECK(vehicles.find(">pedestrian<") == std::string::npos);
  CHECK(dom.find("veh/day") == std::string::npos);

  // The network summary: vehicles and people in columns of their own, the border's row last, nothing added.
  const auto network_start = dom.find("<table class=\"network\"");
  REQUIRE(network_start != std::string::npos);
  const std::string network = dom.substr(network_start, dom.find("</table>", network_start) - network_start);
  CHECK(network.find("waiting per day (vehicle-hours/day, ± 95% CI)") != std::string::npos);
  CHECK(network.find("waiting per day (person-hours/day, ± 95% CI)") != std::string::npos);
  CHECK(network.find("the whole border") > network.find("Crossing X"));
  CHECK(network.find(">1,160 ± 40<") != std::string::npos);
  CHECK(network.find(">14,960 ± 90<") != std::string::npos);
  CHECK(network.find("16,120") == std::string::npos); // 1,160 + 14,960: never shown
  // What the waits cost: the rows with a rate (the vehicles'), a day and a year like the window; the people's none.
  const auto costs_start = dom.find("<table class=\"network costs\"");
  REQUIRE(costs_start != std::string::npos);
  const std::string costs = dom.substr(costs_start, dom.find("</table>", costs_start) - costs_start);
  CHECK(costs.find(">7,256 ± 181<") != std::string::npos);
  CHECK(costs.find(">787 ± 19<") != std::string::npos);
  CHECK(costs.find(">2,648,440<") != std::string::npos); // 7,256 × 365
  CHECK(costs.find(">people<") == std::string::npos);
}

TEST_CASE("the report of a sweep draws tornadoes, lines with intervals and heat maps offline, without an error", "[browser][sweep]")
{
  ScratchDir tmp("sweep-browser");
  const std::string lanes = kSweepLanesKey;
  SECTION("morris: a tornado per flow, the lanes on top of the wait's")
  {
    const std::string dir = tmp / "m";
    short_sweep(dir, {"--vary", lanes + "=3..5", "--vary", "simulation.demand_scale=0.8,0.9", "--design", "morris:3"});
    const Outcome report = run_bordersim({"report", dir});
    INFO(report.err);
    REQUIRE(report.exit_code == 0);
    const std::string html = dir + "/report.html";
    check_self_contained(read_file(html));
    // The tornado of the wait, and the metric against each key.
    const auto verdict = check_in_browser(html, {{"report-sweep-morris.png", ""}}, 3, 2400, "", false);
    if (!verdict) return;
    CHECK(verdict->find("\"tornadoes\":[{\"series\":\"test in car wait_mean_min\",\"keys\":[\"" + lanes + "\",\"simulation.demand_scale\"]}]") !=
          std::string::npos);
    CHECK(verdict->find("\"scatters\":[{") != std::string::npos);
  }
  SECTION("a grid of one key: a line with a point per level")
  {
    const std::string dir = tmp / "g1";
    short_sweep(dir, {"--vary", lanes + "=3..5", "--design", "grid"});
    REQUIRE(run_bordersim({"report", dir}).exit_code == 0);
    const auto verdict = check_in_browser(dir + "/report.html", {}, 1, 1600, "", false);
    if (!verdict) return;
    CHECK(verdict->find("\"levels\":3,\"points\":[3]") != std::string::npos);
  }
  SECTION("a grid of two keys: a heat map of levels1 × levels2 cells, each with its value; another metric by the address")
  {
    const std::string dir = tmp / "g2";
    short_sweep(dir, {"--vary", lanes + "=3..5", "--vary", "simulation.demand_scale=0.7,0.8,0.9,0.95", "--design", "grid"});
    REQUIRE(run_bordersim({"report", dir}).exit_code == 0);
    const std::string html = dir + "/report.html";
    const auto verdict = check_in_browser(html, {{"report-sweep-grid.png", ""}}, 0, 1800, "&metric=queue_mean", false);
    if (!verdict) return;
    CHECK(verdict->find("\"metric\":\"queue_mean\"") != std::string::npos);
    CHECK(verdict->find("\"rows\":3,\"cols\":4,\"cells\":12") != std::string::npos);
    const std::string dom = rendered_dom(html);
    CHECK(count(dom, "<td class=\"heat\"") == 12);
    CHECK(dom.find("lanes.0.count ↓ · simulation.demand_scale →") != std::string::npos);
  }
}

TEST_CASE("the report of a run shows MSER-5 beside the warm-up, with a caution when its point is later", "[browser][warmup]")
{
  ScratchDir tmp("mser-browser");
  heavy_run(tmp / "cold", "0s");
  const std::string cold = tmp / "cold/report.html";
  REQUIRE(fs::exists(cold));
  const auto verdict = check_in_browser(cold, {}, 4, 2600);
  if (!verdict) return;
  CHECK(verdict->find("\"markers\":[\"MSER-5 end of start-up, booth (") != std::string::npos); // the queue chart's line
  // The page's text as drawn (the script holds the same words: the checks name the elements around them).
  const std::string dom = rendered_dom(cold);
  CHECK(dom.find("data-mser-later=\"1\"") != std::string::npos);
  CHECK(dom.find("<caption>MSER-5 (meaningful only for steady inputs)") != std::string::npos);
  CHECK(dom.find(">⚠ later than the warm-up (steady inputs only)</td>") != std::string::npos);

  // A warm-up past the start-up: the figure is shown, without a caution.
  heavy_run(tmp / "warm", "40h");
  const std::string warm = rendered_dom(tmp / "warm/report.html");
  CHECK(warm.find("data-mser-later=\"") == std::string::npos);
  CHECK(warm.find("<caption>MSER-5 (meaningful only for steady inputs)") != std::string::npos);
  CHECK(warm.find(">within the warm-up</td>") != std::string::npos);
}

namespace {

/// A number as the page writes it with `digits` decimals (en-GB: 1,234.5).
std::string page_number(double v, int digits)
{
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << v;
  std::string s = out.str();
  const auto point = s.find('.');
  for (auto at = (point == std::string::npos ? s.size() : point); at > 3 + (s[0] == '-'); at -= 3) s.insert(at - 3, ",");
  return s;
}

/// The cell of `column` in the row of summary.csv or stages.csv whose `key` column is `value` (crossing x).
double csv_number(const std::string& path, const std::string& key, const std::string& value, const std::string& column)
{
  std::istringstream in(read_file(path));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  const auto& header = rows.at(0);
  const auto index = [&](const std::string& name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
  for (std::size_t r = 1; r < rows.size(); ++r)
    if (rows[r][index("crossing")] == "x" && rows[r][index(key)] == value) return std::stod(rows[r].at(index(column)));
  FAIL("no row " << key << " = " << value << " in " << path);
  return 0;
}

} // namespace

TEST_CASE("the report of a run where lanes break, staff cost money, drivers give up and trucks book slots draws who did not "
          "get through, the electronic queue, and each stage's broken lane-hours and staff cost",
          "[browser][realism]")
{
  ScratchDir tmp("realism-browser");
  const std::string run = tmp / "run";
  realism_run(run, true);
  const std::string html = run + "/report.html";
  check_self_contained(read_file(html));
  // Per crossing a queue, waits, waits by hour and a replay; at X five more.
  std::string dom;
  const auto verdict = check_in_browser(html, {{"report-realism-screenshot.png", "#crossing=x"}}, 12, 6400, "&crossing=x", true, &dom);
  if (!verdict) return;
  // Each new chart is drawn at X, from the data, with a label per flow or stage (the self-test checks the counts).
  for (const char* figure : {"leavers:vehicle\",\"chart\":true,\"table\":true", "booked:vehicle\",\"chart\":true,\"table\":true",
                             "slot-waits:vehicle\",\"chart\":true", "lane_hours_broken_per_day:vehicle\",\"chart\":true",
                             "staff_cost_usd_per_day:vehicle\",\"chart\":true", "zone_occupancy_mean:vehicle\",\"chart\":true",
                             "stages\",\"chart\":false,\"table\":true"})
    CHECK(verdict->find(std::string("{\"crossing\":\"x\",\"figure\":\"run-0:") + figure) != std::string::npos);
  for (const char* title : {"Who did not get through, vehicles — Crossing X", "Electronic queue: slots booked and not used, vehicles",
                            "Electronic queue: waited off-site for a slot, and at the posts, vehicles",
                            "Lane-hours broken per day, vehicle stages — Crossing X", "Staff cost per day, vehicle stages — Crossing X"})
    CHECK(verdict->find(title) != std::string::npos);
  // Crossing Y has none of it (its cars who gave up at X arrive there as arrivals): one line each says why.
  const auto left_out = verdict_strings(*verdict, "left_out");
  for (const char* line : {"Not drawn for Crossing Y: who did not get through, vehicles: every value is 0 or missing: nobody gave up",
                           "Not drawn for Crossing Y: the electronic queue, vehicles: nobody booked a slot",
                           "Not drawn for Crossing Y: lane-hours broken per day, vehicle stages: every value is 0 or missing",
                           "Not drawn for Crossing Y: staff cost per day, vehicle stages: every value is 0 or missing",
                           "Not drawn for Crossing Y: waiting zone occupancy, vehicle stages: every value is 0 or missing"}) {
    INFO(line);
    CHECK(std::any_of(left_out.begin(), left_out.end(), [&](const std::string& l) { return l.rfind(line, 0) == 0; }));
  }
  CHECK(std::none_of(left_out.begin(), left_out.end(), [](const std::string& l) { return l.rfind("Not drawn for Crossing X", 0) == 0; }));

  // The tables (of Crossing X, where the self-test leaves the page) show the files' figures with their intervals.
  const std::string summary = run + "/summary.csv", stages = run + "/stages.csv";
  const auto with_ci = [](double v, double ci, int digits) { return ">" + page_number(v, digits) + " ± " + page_number(ci, digits) + "<"; };
  CHECK(dom.find(with_ci(csv_number(summary, "class", "truck", "abandoned_per_day"), csv_number(summary, "class", "truck", "abandoned_per_day_ci95"), 1)) !=
        std::string::npos);
  CHECK(dom.find(with_ci(csv_number(summary, "class", "car", "suppressed_per_day"), csv_number(summary, "class", "car", "suppressed_per_day_ci95"), 1)) !=
        std::string::npos);
  CHECK(dom.find(with_ci(csv_number(summary, "class", "truck", "booked_per_day"), csv_number(summary, "class", "truck", "booked_per_day_ci95"), 1)) !=
        std::string::npos);
  CHECK(dom.find(with_ci(csv_number(summary, "class", "truck", "slot_wait_mean_min"), csv_number(summary, "class", "truck", "slot_wait_mean_min_ci95"), 1)) !=
        std::string::npos);
  CHECK(dom.find(with_ci(csv_number(stages, "stage", "scanner", "lane_hours_broken_per_day"),
                         csv_number(stages, "stage", "scanner", "lane_hours_broken_per_day_ci95"), 1)) != std::string::npos);
  CHECK(dom.find(with_ci(csv_number(stages, "stage", "post", "staff_cost_usd_per_day"), csv_number(stages, "stage", "post", "staff_cost_usd_per_day_ci95"), 0)) !=
        std::string::npos);
  CHECK(dom.find("slot wait, mean (min, ± 95% CI; off-site)") != std::string::npos);
}

TEST_CASE("the report of a run without breakdowns, costs, impatient drivers or booked slots draws none of their charts and "
          "says why in one line each",
          "[browser][realism]")
{
  ScratchDir tmp("plain-browser");
  const std::string run = tmp / "run";
  realism_run(run, false);
  const auto verdict = check_in_browser(run + "/report.html", {}, 6, 4000);
  if (!verdict) return;
  CHECK(verdict->find("\"figure\":\"run-0:leavers:vehicle\"") != std::string::npos); // looked for, at each crossing
  CHECK(verdict->find("\"chart\":true") == std::string::npos);
  CHECK(verdict->find("\"table\":true") == std::string::npos);
  const auto left_out = verdict_strings(*verdict, "left_out");
  for (const char* crossing : {"Crossing X", "Crossing Y"})
    for (const char* what : {": who did not get through, vehicles: every value is 0 or missing: nobody gave up waiting, balked or stayed home",
                             ": the electronic queue, vehicles: nobody booked a slot (no demand flow here has booking)",
                             ": lane-hours broken per day, vehicle stages: every value is 0 or missing: no lane stood broken",
                             ": staff cost per day, vehicle stages: every value is 0 or missing: no lane group here has a staff cost",
                             ": waiting zone occupancy, vehicle stages: every value is 0 or missing: no stage here has a waiting_zone"}) {
      const std::string line = std::string("Not drawn for ") + crossing + what;
      INFO(line);
      CHECK(std::any_of(left_out.begin(), left_out.end(), [&](const std::string& l) { return l.rfind(line, 0) == 0; }));
    }
}
