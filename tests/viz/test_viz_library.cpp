// The viz library's parts on small hand-made files: CSV reading, JSON text, the timeseries digest, folders.
#include <catch2/catch.hpp>

#include <filesystem>

#include "viz/csv_reader.hpp"
#include "viz/json_writer.hpp"
#include "viz/report.hpp"
#include "viz/results_folder.hpp"
#include "viz/timeseries_digest.hpp"
#include "viz_support.hpp"

namespace fs = std::filesystem;
using namespace bordersim::viz;
using namespace bordersim::viztest;

TEST_CASE("the CSV reader follows RFC 4180", "[library]")
{
  ScratchDir tmp("csv");
  write_file(tmp / "a.csv", "a,b,c\r\n1,\"x, \"\"quoted\"\"\",\r\n\"multi\r\nline\",2.5,-3e-2\n4,5,6");
  CsvReader reader(tmp / "a.csv");
  CHECK(reader.header() == std::vector<std::string>{"a", "b", "c"});
  CHECK(reader.column("c") == 2u);
  CHECK_FALSE(reader.column("d"));
  std::vector<std::string> f;
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"1", "x, \"quoted\"", ""});
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"multi\r\nline", "2.5", "-3e-2"});
  REQUIRE(reader.next(f)); // no line end after the last record
  CHECK(f == std::vector<std::string>{"4", "5", "6"});
  CHECK_FALSE(reader.next(f));

  const CsvTable t = read_csv_table(tmp / "a.csv");
  CHECK(t.rows.size() == 3);
  CHECK(t.number(1, "c") == Approx(-0.03));
  CHECK_FALSE(t.number(0, "c"));
  CHECK(t.cell(0, "missing").empty());
}

TEST_CASE("a number is the whole field or nothing", "[library]")
{
  CHECK(parse_number("1.5") == 1.5);
  CHECK(parse_number("+2") == 2.0);
  CHECK(parse_number("1e3") == 1000.0);
  CHECK_FALSE(parse_number(""));
  CHECK_FALSE(parse_number("2025-09-15"));
  CHECK_FALSE(parse_number("truck"));
  CHECK_FALSE(parse_number("nan"));
  CHECK(duration_h("42d") == 1008.0);
  CHECK(duration_h("90min") == 1.5);
  CHECK(duration_h("1.5h") == 1.5);
  CHECK(duration_h("7200") == 2.0);
  CHECK_FALSE(duration_h("soon"));
}

TEST_CASE("JSON text cannot close the script element it sits in", "[library]")
{
  CHECK(json_quote("a\"b\\c\n") == R"("a\"b\\c\n")");
  const std::string q = json_quote("</script><!--&");
  CHECK(q.find('<') == std::string::npos);
  CHECK(q.find('>') == std::string::npos);
  CHECK(q.find('&') == std::string::npos);
  JsonWriter j;
  j.begin_object().key("n").value(1.0 / 3, 4).key("nan").value(std::nan("")).key("list").numbers({1, 2.5}).key("s").value("x").end_object();
  CHECK(j.text() == R"({"n":0.3333,"nan":null,"list":[1,2.5],"s":"x"})");
}

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
  CHECK(q.mean_vehicles[2] == Approx((4.0 + 7.0) / 2));
  CHECK(q.min_vehicles[2] == 4.0);
  CHECK(q.max_vehicles[2] == 7.0);
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
  CHECK(s.mean_vehicles[0] == Approx(((2 + 3) / 2.0 + (3 + 5) / 2.0 + (4 + 7) / 2.0) / 3));
  CHECK(s.min_vehicles[0] == 2.0);
  CHECK(s.max_vehicles[1] == 13.0);
  CHECK(small.replay.stride == 2);
  CHECK(small.replay.time_h == std::vector<double>{1, 3, 5});
}

TEST_CASE("a results folder: run facts without run_info.json, names from effective_config.yaml, comparison order", "[library]")
{
  ScratchDir tmp("folder");
  const std::string run = tmp / "run";
  fs::create_directories(run);
  write_file(run + "/summary.csv", "scenario,crossing,direction,class,replications\r\nbase,x,a_to_b,truck,3\r\n");
  write_file(run + "/effective_config.yaml", "# comment\nscenario: base\ndescription: \"A test\"\nsimulation:\n  horizon: 2d\n"
                                             "  warmup: 12h\n  seed: 7\n  start_date: 2025-01-06\nclasses:\n  - id: truck\n    length_m: 20\n"
                                             "crossings:\n  - id: x\n    name: Crossing X\n    directions:\n      - id: a_to_b\n"
                                             "        stages:\n          - id: s1\n            name: First stage  # why\n"
                                             "            lanes:\n              - id: l\n                count: 1\n");
  const ResultsFolder f = load_results_folder(run);
  REQUIRE(f.runs.size() == 1);
  const RunDescription& d = f.runs[0].description;
  CHECK(d.source == "effective_config.yaml");
  CHECK(d.get("scenario") == "base");
  CHECK(d.get("seed") == "7");
  CHECK(d.get("description") == "A test");
  CHECK(d.number("horizon_h") == 48.0);
  CHECK(d.number("warmup_h") == 12.0);
  CHECK(d.names.at("x") == "Crossing X");
  CHECK(d.names.at("x/a_to_b/s1") == "First stage");
  CHECK_FALSE(f.comparison);

  // A comparison lists its scenarios in comparison.csv's order, whatever the folder names sort to.
  const std::string cmp = tmp / "cmp";
  for (const char* s : {"b-first", "a-second"}) {
    fs::create_directories(cmp + "/" + s);
    write_file(cmp + "/" + s + "/summary.csv", std::string("scenario,crossing\r\n") + s + ",x\r\n");
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
