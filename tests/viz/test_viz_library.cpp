// The viz library's parts on small hand-made files: the timeseries digest, folders, a sparse report (the CSV and
// JSON formats it reads and writes are tested in tests/unit/models/formats/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "models/formats/json_reader.hpp"

#include "viz/report.hpp"
#include "viz/report_data.hpp"
#include "viz/results_folder.hpp"
#include "viz/timeseries_digest.hpp"
#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viz;
using namespace bordersim::viztest;

TEST_CASE("the timeseries digest: queues across replications, closures, downsampling, replay", "[library]")
{
  ScratchDir tmp("digest");
  // Two replications, six hourly samples, two stages; stage b is closed at samples 3 and 4 of replication 1.
  std::string csv = "scenario,replication,time_h,crossing,direction,stage,queue_len,queue_km,busy_lanes,blocked_lanes,open_lanes,arrivals,departures\r\n";
  for (int rep = 0; rep < 2; ++rep)
    for (int k = 1; k <= 6; ++k) {
      const int qa = rep == 0 ? k : 2 * k, qb = 1;
      const int open_b = (rep == 1 && (k == 3 || k == 4)) ? 0 : 2;
      csv += "s," + std::to_string(rep) + "," + std::to_string(k) + ",x,in,a," + std::to_string(qa) + "," + std::to_string(qa * 0.02) +
             ",1,0,2,0,0\r\n";
      csv += "s," + std::to_string(rep) + "," + std::to_string(k) + ",x,in,b," + std::to_string(qb) + ",0.02,1,0," +
             std::to_string(open_b) + ",0,0\r\n";
    }
  write_file(tmp / "timeseries.csv", csv);

  const TimeseriesDigest d = digest_timeseries(tmp / "timeseries.csv");
  CHECK(d.samples == 6);
  CHECK(d.replications == 2);
  CHECK(d.interval_h == 1.0);
  REQUIRE(d.queues.size() == 1);
  const QueueSeries& q = d.queues[0];
  REQUIRE(q.time_h.size() == 6);
  // Sample k: replication 0 waits k + 1, replication 1 waits 2k + 1.
  CHECK(q.mean_waiting[2] == Approx((4.0 + 7.0) / 2));
  CHECK(q.min_waiting[2] == 4.0);
  CHECK(q.max_waiting[2] == 7.0);
  REQUIRE(q.closures.size() == 1);
  CHECK(q.closures[0].stage == "b");
  CHECK(q.closures[0].from_h == 2.5);
  CHECK(q.closures[0].to_h == 4.5);
  REQUIRE(d.replay.stages.size() == 2);
  CHECK(d.replay.replication == 0);
  CHECK(d.replay.stages[0].queue_len == std::vector<double>{1, 2, 3, 4, 5, 6});
  CHECK(d.replay.stages[1].open_lanes == std::vector<double>{2, 2, 2, 2, 2, 2});

  // At most 2 points: groups of 3 samples keep the mean of means, the lowest minimum and the highest maximum.
  const TimeseriesDigest small = digest_timeseries(tmp / "timeseries.csv", {2, 4});
  CHECK(small.queue_stride == 3);
  const QueueSeries& s = small.queues[0];
  REQUIRE(s.time_h == std::vector<double>{3, 6});
  CHECK(s.mean_waiting[0] == Approx(((2 + 3) / 2.0 + (3 + 5) / 2.0 + (4 + 7) / 2.0) / 3));
  CHECK(s.min_waiting[0] == 2.0);
  CHECK(s.max_waiting[1] == 13.0);
  CHECK(small.replay.stride == 2);
  CHECK(small.replay.time_h == std::vector<double>{1, 3, 5});
}

TEST_CASE("a results folder: run facts and names from run_info.json, comparison order", "[library]")
{
  ScratchDir tmp("folder");
  const std::string run = tmp / "run";
  fs::create_directories(run);
  write_file(run + "/summary.csv", "scenario,crossing,direction,class,replications\r\nbase,x,a_to_b,truck,3\r\n");
  write_file(run + "/run_info.json", "{\n  \"scenario\": \"base\",\n  \"seed\": 7,\n  \"horizon_h\": 48,\n  \"jobs\": null,\n"
                                     "  \"command_line\": [\"bordersim\", \"run\", \"my file.yaml\"],\n"
                                     "  \"description\": \"A \\u0026 B\",\n  \"sample_interval_h\": 0.25,\n"
                                     "  \"names\": {\"x\": \"Crossing X\", \"x/a_to_b/s1\": \"First stage\"}\n}\n");
  const ResultsFolder f = load_results_folder(run);
  REQUIRE(f.runs.size() == 1);
  const RunDescription& d = f.runs[0].description;
  CHECK(d.source == "run_info.json");
  CHECK(d.get("scenario") == "base");
  CHECK(d.get("seed") == "7");
  CHECK(d.get("jobs").empty());
  CHECK(d.get("command_line") == "bordersim run 'my file.yaml'");
  CHECK(d.get("description") == "A & B");
  CHECK(d.get("sample_interval_h") == "0.250000"); // as reports have always shown it
  CHECK(d.number("horizon_h") == 48.0);
  CHECK_FALSE(d.fields.contains("names"));
  CHECK(d.names.at("x") == "Crossing X");
  CHECK(d.names.at("x/a_to_b/s1") == "First stage");
  CHECK_FALSE(f.comparison);

  // A folder from before run_info.json held names: no names, the ids stand in; without run_info.json at all,
  // summary.csv says what it can.
  write_file(run + "/run_info.json", "{\"scenario\": \"old\", \"files\": [\"summary.csv\"]}");
  const RunDescription old = load_results_folder(run).runs[0].description;
  CHECK(old.get("scenario") == "old");
  CHECK(old.names.empty());
  fs::remove(run + "/run_info.json");
  const RunDescription bare = load_results_folder(run).runs[0].description;
  CHECK(bare.source == "summary.csv");
  CHECK(bare.get("replications") == "3");
  write_file(run + "/run_info.json", "{\"scenario\": ");
  CHECK_THROWS_WITH(load_results_folder(run), Catch::Contains("run_info.json:1:14: the text ends where a value was expected"));

  // A comparison lists its scenarios in comparison.csv's order, whatever the folder names sort to.
  const std::string cmp = tmp / "cmp";
  for (const char* s : {"b-first", "a-second"}) {
    fs::create_directories(cmp + "/" + s);
    write_file(cmp + "/" + s + "/summary.csv", std::string("scenario,crossing,direction,class\r\n") + s + ",x,a,t\r\n");
  }
  write_file(cmp + "/comparison.csv", "crossing,direction,class,metric,unit,scenario,value\r\nx,a,t,m,min,b-first,1\r\nx,a,t,m,min,a-second,2\r\n");
  const ResultsFolder c = load_results_folder(cmp);
  REQUIRE(c.comparison);
  REQUIRE(c.runs.size() == 2);
  CHECK(c.runs[0].scenario == "b-first");
  CHECK(c.runs[1].scenario == "a-second");

  CHECK_THROWS_WITH(load_results_folder(tmp / "missing"), Catch::Contains("not a folder"));
  fs::create_directories(tmp / "empty");
  CHECK_THROWS_WITH(load_results_folder(tmp / "empty"), Catch::Contains("neither summary.csv nor comparison.csv"));
}

TEST_CASE("a report is written from a folder with only summary.csv, and says what is missing", "[library]")
{
  ScratchDir tmp("sparse");
  write_file(tmp / "summary.csv", "scenario,crossing,direction,class,served_per_day,wait_p95_min\r\nonly,x,a_to_b,car,10,5\r\n");
  write_report(tmp.path(), tmp / "report.html");
  const std::string html = read_file(tmp / "report.html");
  CHECK(html.find("bordersim report: only") != std::string::npos);
  CHECK(html.find("\"timeseries\":null") != std::string::npos);
  CHECK(html.find("@DATA_JSON@") == std::string::npos);
  CHECK(html.find("@CHART_JS@") == std::string::npos);
}

namespace {

/// The key of a difference as the terminal's table names it: crossing, direction, class or "stage:<id>", metric, scenario.
std::string difference_key(const bordersim::CsvTable& t, std::size_t r)
{
  const std::string what = t.cell(r, "stage").empty() ? t.cell(r, "class") : "stage:" + t.cell(r, "stage");
  return t.cell(r, "crossing") + " " + t.cell(r, "direction") + " " + what + " " + t.cell(r, "metric") + " " +
         t.cell(r, "scenario");
}

} // namespace

TEST_CASE("the report ranks the KZ-KG differences as the terminal does: its first ones are the terminal's top lines", "[library]")
{
  ScratchDir tmp("rank");
  const std::string kz = std::string(BORDERSIM_SOURCE_DIR) + "/configs/kz-kg/";
  const Outcome r = run_bordersim({"compare", kz + "current.yaml", kz + "reconstruction-2027.yaml", "--set",
                                   "simulation.horizon=4d", "--set", "simulation.warmup=1d", "--replications", "3", "--no-report",
                                   "--out", tmp / "cmp"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::vector<std::string> terminal = terminal_differences(r.out);
  REQUIRE(terminal.size() == 20);

  const ResultsFolder folder = load_results_folder(tmp / "cmp");
  REQUIRE(folder.comparison);
  const auto ranked = rank_comparison(*folder.comparison);
  REQUIRE(ranked.size() >= terminal.size());
  for (std::size_t i = 0; i < terminal.size(); ++i) {
    INFO("rank " << i + 1);
    CHECK(difference_key(*folder.comparison, ranked[i].row) == terminal[i]);
    CHECK(ranked[i].significant);
  }
  // Past the significant ones come the others, still by relative change (to the 7 digits the ranking compares).
  const auto first_quiet = std::find_if(ranked.begin(), ranked.end(), [](const auto& d) { return !d.significant; });
  REQUIRE(first_quiet != ranked.end());
  CHECK(std::none_of(first_quiet, ranked.end(), [](const auto& d) { return d.significant; }));
  CHECK(std::is_sorted(first_quiet, ranked.end(),
                       [](const auto& a, const auto& b) { return a.relative > b.relative * (1 + 1e-6); }));
}

TEST_CASE("people and vehicles are never added: the queue digest sums each kind's stages apart", "[library]")
{
  ScratchDir tmp("mixed");
  const std::string run = tmp / "run";
  write_mixed_run(run);
  const ResultsFolder folder = load_results_folder(run);
  REQUIRE(folder.runs.size() == 1);
  const StageKinds kinds = stage_kinds(folder.runs[0]);
  CHECK(kinds.at("x/in/passport") == "person");
  CHECK(kinds.at("x/out/inspection") == "vehicle");

  const TimeseriesDigest d = digest_run_timeseries(folder.runs[0]);
  REQUIRE(d.queues.size() == 4); // in and out, each with a vehicle and a person series
  for (const QueueSeries& q : d.queues) {
    INFO(q.direction << " " << q.kind);
    const int direction = q.direction == "in" ? 0 : 1;
    REQUIRE(q.time_h.size() == 4);
    for (int k = 0; k < 4; ++k) {
      // Per replication, the sum over this kind's stages only; then mean, min and max over the 2 replications.
      std::vector<double> per_replication;
      for (int r = 0; r < 2; ++r) {
        double sum = 0;
        for (int s = 0; s < 3; ++s)
          if ((s == 0) == (q.kind == "person")) sum += mixed_queue(direction, s, r, k);
        per_replication.push_back(sum);
      }
      CHECK(q.mean_waiting[k] == Approx((per_replication[0] + per_replication[1]) / 2));
      CHECK(q.min_waiting[k] == Approx(std::min(per_replication[0], per_replication[1])));
      CHECK(q.max_waiting[k] == Approx(std::max(per_replication[0], per_replication[1])));
    }
  }
  // The replay keeps each stage's kind.
  for (const ReplayStage& s : d.replay.stages) CHECK(s.kind == (s.stage == "passport" ? "person" : "vehicle"));

  // The report's data carries each series' kind.
  write_report(run, tmp / "report.html");
  const std::string html = read_file(tmp / "report.html");
  CHECK(html.find("\"kind\":\"person\"") != std::string::npos);
  CHECK(html.find("\"kind\":\"vehicle\"") != std::string::npos);

  // A folder from before the kind column: every stage counts vehicles, pedestrians' rows people.
  std::string stages = read_file(run + "/stages.csv");
  for (const char* kind : {",person", ",vehicle"})
    for (auto at = stages.find(kind); at != std::string::npos; at = stages.find(kind)) stages.erase(at, std::string(kind).size());
  for (auto at = stages.find(",kind"); at != std::string::npos; at = stages.find(",kind")) stages.erase(at, 5);
  write_file(run + "/stages.csv", stages);
  const ResultsFolder old = load_results_folder(run);
  CHECK(stage_kinds(old.runs[0]).empty());
  const TimeseriesDigest all = digest_run_timeseries(old.runs[0]);
  REQUIRE(all.queues.size() == 2);
  CHECK(all.queues[0].kind == "vehicle");
  const bordersim::CsvTable summary_without_kind{{"class"}, {{"car"}, {"pedestrian"}}};
  CHECK(row_kind(summary_without_kind, 0) == "vehicle");
  CHECK(row_kind(summary_without_kind, 1) == "person");
}

TEST_CASE("a kind is vehicle or person: anything else in a kind column is refused, located", "[library]")
{
  ScratchDir tmp("bad-kind");
  write_file(tmp / "summary.csv", "scenario,crossing,direction,class,kind\r\ns,x,in,car,vehicle\r\ns,x,in,walker,people\r\n");
  CHECK_THROWS_WITH(load_results_folder(tmp.path()),
                    Catch::Contains("summary.csv:3:") && Catch::Contains("kind: 'people' is none of: vehicle person"));
}

TEST_CASE("network.csv and wait_by_hour.csv are read when a folder has them, strictly", "[library]")
{
  ScratchDir tmp("network");
  const std::string run = tmp / "run";
  write_mixed_run(run);
  const ResultsFolder folder = load_results_folder(run);
  REQUIRE(folder.runs[0].network);
  REQUIRE(folder.runs[0].wait_by_hour);
  CHECK(folder.runs[0].network->rows.size() == 4);
  CHECK(folder.runs[0].wait_by_hour->rows.size() == 2 * 3 * 24);
  const auto files = csv_files_of(folder.runs[0]);
  CHECK(std::count(files.begin(), files.end(), "network.csv") == 1);
  CHECK(std::count(files.begin(), files.end(), "wait_by_hour.csv") == 1);
  const std::string html = [&] {
    write_report(run, tmp / "report.html");
    return read_file(tmp / "report.html");
  }();
  CHECK(html.find("\"network\":{\"columns\"") != std::string::npos);
  CHECK(html.find("\"wait_by_hour\":{\"columns\"") != std::string::npos);

  // A level other than crossing or border, and an hour that is not a whole number, are refused where they stand.
  write_file(run + "/network.csv", "scenario,level,crossing,kind\r\nmixed,region,x,vehicle\r\n");
  CHECK_THROWS_WITH(load_results_folder(run), Catch::Contains("network.csv:2:7: level: 'region' is none of: crossing border"));
  fs::remove(run + "/network.csv");
  write_file(run + "/wait_by_hour.csv", "scenario,crossing,direction,class,arrival_hour\r\nmixed,x,in,car,2.5\r\n");
  CHECK_THROWS_WITH(load_results_folder(run), Catch::Contains("wait_by_hour.csv:2:") && Catch::Contains("arrival_hour: '2.5'"));
  // Older folders have neither: nothing to show, nothing refused.
  fs::remove(run + "/wait_by_hour.csv");
  const ResultsFolder old = load_results_folder(run);
  CHECK_FALSE(old.runs[0].network);
  CHECK_FALSE(old.runs[0].wait_by_hour);
}

TEST_CASE("the report's reader knows every documented column of the files it reads, in the documented order", "[library][docs]")
{
  // A documented column the reader does not know would reach the page unchecked: a spoiled figure drawn.
  const fs::path docs = fs::path(BORDERSIM_SOURCE_DIR) / "docs" / "outputs";
  const std::regex row("^\\| `([a-z0-9_]+)` \\|");
  for (const char* file : {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "vehicles.csv", "provenance.csv",
                           "comparison.csv", "network.csv", "wait_by_hour.csv", "design.csv", "sweep.csv", "sensitivity.csv",
                           "calibration.csv", "parameters.csv", "implausibility.csv", "plausible.csv", "refinement.csv"}) {
    INFO(file);
    std::vector<std::string> documented, known;
    std::istringstream page(read_file((docs / (fs::path(file).stem().string() + ".md")).string()));
    for (std::string line; std::getline(page, line);) {
      std::smatch m;
      if (std::regex_search(line, m, row)) documented.push_back(m[1]);
    }
    for (const KnownColumn& c : known_columns(file)) known.emplace_back(c.name);
    REQUIRE_FALSE(documented.empty());
    CHECK(known == documented);
  }
}

namespace {

/// Every cell of `columns` in the page's table `island` (its "columns" and "rows") is the CSV file's: a number
/// equal to 10 significant digits, or null where the file's cell is empty. Returns how many cells are above 0.
std::map<std::string, int> check_island_table(const bordersim::JsonValue& island, const bordersim::CsvTable& csv,
                                              const std::vector<std::string>& columns)
{
  std::map<std::string, int> positive;
  const bordersim::JsonValue* names = island.find("columns");
  const bordersim::JsonValue* rows = island.find("rows");
  REQUIRE(names);
  REQUIRE(rows);
  REQUIRE(rows->items.size() == csv.rows.size());
  for (const std::string& column : columns) {
    INFO(column);
    const auto at = std::find_if(names->items.begin(), names->items.end(), [&](const auto& v) { return v.text == column; });
    REQUIRE(at != names->items.end());
    const auto c = static_cast<std::size_t>(at - names->items.begin());
    for (std::size_t r = 0; r < csv.rows.size(); ++r) {
      INFO("row " << r + 2 << ": '" << csv.cell(r, column) << "'");
      const bordersim::JsonValue& cell = rows->items[r].items.at(c);
      const auto value = csv.number(r, column);
      if (!value) {
        CHECK(csv.cell(r, column).empty());
        CHECK(cell.kind == bordersim::JsonValue::Kind::null);
        continue;
      }
      REQUIRE(cell.number());
      CHECK(*cell.number() == Approx(*value).epsilon(1e-9).margin(1e-12));
      positive[column] += *value > 0;
    }
  }
  return positive;
}

} // namespace

TEST_CASE("the report of a run with breakdowns, rosters, impatient drivers and booked slots carries their figures into the "
          "page as the CSV files hold them",
          "[library]")
{
  ScratchDir tmp("realism");
  const std::string run = tmp / "run";
  realism_run(run, true);
  const ResultsFolder folder = load_results_folder(run); // read strictly, the new columns included
  REQUIRE(folder.runs.size() == 1);
  const bordersim::JsonValue data = data_island(read_file(run + "/report.html"));
  const bordersim::JsonValue* runs = data.find("runs");
  REQUIRE(runs);
  REQUIRE(runs->items.size() == 1);
  const bordersim::JsonValue* summary = runs->items[0].find("summary");
  const bordersim::JsonValue* stages = runs->items[0].find("stages");
  REQUIRE(summary);
  REQUIRE(stages);

  const std::vector<std::string> summary_columns = {
      "abandoned_per_day", "abandoned_per_day_ci95", "abandoned_share", "abandoned_share_ci95", "diverted_impatient_per_day",
      "diverted_impatient_per_day_ci95", "balked_per_day", "balked_per_day_ci95", "balked_share", "balked_share_ci95",
      "suppressed_per_day", "suppressed_per_day_ci95", "booked_per_day", "booked_per_day_ci95", "no_show_per_day",
      "no_show_per_day_ci95", "slot_wait_mean_min", "slot_wait_mean_min_ci95", "slot_wait_p95_min", "awaiting_slot_at_end",
      "wait_mean_min", "wait_p95_min"};
  const auto in_summary = check_island_table(*summary, *folder.runs[0].summary, summary_columns);
  const auto in_stages = check_island_table(*stages, *folder.runs[0].stages,
                                            {"open_lanes_mean", "lane_hours_broken_per_day", "lane_hours_broken_per_day_ci95",
                                             "staff_cost_usd_per_day", "staff_cost_usd_per_day_ci95"});
  // Every mechanism left its mark, so the page has something to draw for each.
  for (const char* column : {"abandoned_per_day", "diverted_impatient_per_day", "balked_per_day", "suppressed_per_day", "booked_per_day",
                             "no_show_per_day", "slot_wait_mean_min", "slot_wait_p95_min"}) {
    INFO(column);
    CHECK(in_summary.at(column) > 0);
  }
  CHECK(in_stages.at("lane_hours_broken_per_day") == 1); // the scanner
  CHECK(in_stages.at("staff_cost_usd_per_day") == 1);    // the post
}

TEST_CASE("the leavers', slot waits' and stages' figures are read strictly: a negative rate, a share above 1, a broken "
          "count are refused, located",
          "[library]")
{
  ScratchDir tmp("bad-realism");
  const std::string head = "scenario,crossing,direction,class,abandoned_per_day,balked_share,slot_wait_mean_min\r\n";
  write_file(tmp / "summary.csv", head + "s,x,in,car,-1,0.1,5\r\n");
  CHECK_THROWS_WITH(load_results_folder(tmp.path()), Catch::Contains("summary.csv:2:12: abandoned_per_day: '-1' is negative"));
  write_file(tmp / "summary.csv", head + "s,x,in,car,1,1.5,5\r\n");
  CHECK_THROWS_WITH(load_results_folder(tmp.path()), Catch::Contains("summary.csv:2:14: balked_share: '1.5' is not a share from 0 to 1"));
  write_file(tmp / "summary.csv", head + "s,x,in,car,1,0.5,\r\n"); // nobody booked: no slot wait, which is allowed
  CHECK_NOTHROW(load_results_folder(tmp.path()));

  write_file(tmp / "stages.csv", "scenario,crossing,direction,stage,lane_hours_broken_per_day\r\ns,x,in,scanner,nan\r\n");
  CHECK_THROWS_WITH(load_results_folder(tmp.path()), Catch::Contains("stages.csv:2:") && Catch::Contains("lane_hours_broken_per_day: 'nan'"));
  fs::remove(tmp / "stages.csv");
  write_file(tmp / "replications.csv", "replication,level,crossing,direction,class,booked\r\n0,class,x,in,car,2.5\r\n");
  CHECK_THROWS_WITH(load_results_folder(tmp.path()),
                    Catch::Contains("replications.csv:2:") && Catch::Contains("booked: '2.5' is not a whole number of at least 0"));
}
