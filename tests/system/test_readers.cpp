// What bordersim reads back (results folders for `report`, baselines for `check`): only regular files of
// bounded size, every malformed row refused with file:line:col and exit 2, nothing written; text cells that a
// spreadsheet would run as formulas neutralised; sheet names unique whatever their case. (A workbook that
// cannot be written is tested in tests/viz/test_workbook.cpp.)
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <sstream>
#include <filesystem>
#include <fstream>

#include "system/bordersim_process.hpp"

namespace fs = std::filesystem;
using namespace bordersim::testing;

namespace {

constexpr int kLimit_s = 20; // every command here ends in well under a second when it works

/// A scenario of one booth, 10 hours in 2 replications (a fraction of a second); `name` is its name and `source`
/// the text of its one provenance entry.
std::string tiny_scenario(const std::string& name, const std::string& source = "counted in 2024")
{
  return "scenario: '" + name + "'\n" + R"(simulation:
  horizon: 10h
  warmup: 1h
  replications: 2
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - class: car
            per_hour: 10
        stages:
          - id: booth
            lanes:
              - count: 1
                serves: [car]
            service:
              car: {dist: exponential, mean: 1min}
    provenance:
      - {key: directions.in.demand.car.per_hour, status: sourced, source: ')" +
         source + "'}\n";
}

std::string replace_once(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// A valid run folder of the tiny scenario, made once and copied for each test that spoils it.
const std::string& valid_run()
{
  static TempDir dir;
  static const std::string run = [] {
    const std::string out = dir.file("run");
    const auto r = run_bordersim({"run", dir.write("tiny.yaml", tiny_scenario("tiny")), "--out", out, "--quiet", "--no-report"},
                                 120);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return out;
  }();
  return run;
}

/// `bordersim report` of `dir` into a file of its own; checks exit 2, that stderr holds every fragment, and that
/// no report was written.
void expect_report_refused(const TempDir& tmp, const std::string& dir, const std::vector<std::string>& fragments)
{
  const std::string html = tmp.file("report.html");
  const auto r = run_bordersim({"report", dir, "-o", html}, kLimit_s);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  for (const auto& f : fragments) CHECK_THAT(r.err, Catch::Contains(f));
  CHECK_FALSE(fs::exists(html));
}

/// A copy of the valid run whose file `name` is `content`.
std::string spoiled_run(const TempDir& tmp, const std::string& name, const std::string& content)
{
  const std::string dir = tmp.file("spoiled");
  fs::remove_all(dir);
  fs::copy(valid_run(), dir, fs::copy_options::recursive);
  std::ofstream(dir + "/" + name, std::ios::binary | std::ios::trunc) << content;
  return dir;
}

} // namespace

TEST_CASE("report reads a run folder it wrote", "[readers]")
{
  TempDir tmp;
  const auto r = run_bordersim({"report", valid_run(), "-o", tmp.file("report.html")}, kLimit_s);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(tmp.file("report.html")));
}

TEST_CASE("report and check refuse a FIFO, a device or a folder in place of a file, at once", "[readers]")
{
  TempDir tmp;
  // A FIFO that nobody writes to would block a reader that opens it as a file.
  for (const std::string name : {"run_info.json", "summary.csv", "timeseries.csv"}) {
    INFO(name);
    const std::string dir = spoiled_run(tmp, "unused", "");
    fs::remove(dir + "/" + name);
    REQUIRE(::mkfifo((dir + "/" + name).c_str(), 0600) == 0);
    expect_report_refused(tmp, dir, {dir + "/" + name + ":", "not a regular file"});
  }
  // /dev/zero never ends; a folder is not a file.
  for (const std::string target : {"/dev/zero", "a folder"}) {
    INFO(target);
    const std::string dir = spoiled_run(tmp, "unused", "");
    fs::remove(dir + "/stages.csv");
    if (target == "/dev/zero") fs::create_symlink(target, dir + "/stages.csv");
    else fs::create_directory(dir + "/stages.csv");
    expect_report_refused(tmp, dir, {dir + "/stages.csv:", "not a regular file"});
  }
  const std::string scenario = tmp.write("tiny.yaml", tiny_scenario("tiny"));
  const std::string fifo = tmp.file("baseline.fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& baseline : {fifo, std::string("/dev/zero"), tmp.path()}) {
    INFO(baseline);
    const auto r = run_bordersim({"check", scenario, "--baseline", baseline, "--quiet"}, kLimit_s);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(baseline + ":1:1: not a regular file"));
  }
}

TEST_CASE("report refuses run_info.json past its size bound or nested too deep", "[readers]")
{
  TempDir tmp;
  // 2 MiB of white space around an empty object: valid JSON, but no run_info.json is near that size.
  std::string big = "{}";
  big.append(std::size_t{2} << 20, ' ');
  expect_report_refused(tmp, spoiled_run(tmp, "run_info.json", big), {"run_info.json:1:1: ", "larger than 1 MiB"});
  // Deep nesting once overflowed the stack.
  const std::string deep = "{\"x\": " + std::string(100000, '[');
  expect_report_refused(tmp, spoiled_run(tmp, "run_info.json", deep), {"run_info.json:1:", "nested deeper than 64 levels"});
}

TEST_CASE("report refuses truncated rows, non-finite numbers and missing columns with file:line:col", "[readers]")
{
  TempDir tmp;
  const auto original = [](const std::string& name) { return read_text(valid_run() + "/" + name); };
  const std::string summary = original("summary.csv"), stages = original("stages.csv"), timeseries = original("timeseries.csv");
  const std::string replications = original("replications.csv");

  SECTION("a row with a field missing")
  {
    // Line 2 of summary.csv loses its last field (and its comma).
    const auto line_end = summary.find("\r\n", summary.find("\r\n") + 2);
    const auto last_comma = summary.rfind(',', line_end);
    const std::string cut = summary.substr(0, last_comma) + summary.substr(line_end);
    expect_report_refused(tmp, spoiled_run(tmp, "summary.csv", cut), {"/summary.csv:2:1: expected 55 fields, got 54"});
  }
  SECTION("a row with a field too many")
  {
    const auto second_line_end = replications.find("\r\n", replications.find("\r\n") + 2);
    const std::string extra = replications.substr(0, second_line_end) + ",1" + replications.substr(second_line_end);
    expect_report_refused(tmp, spoiled_run(tmp, "replications.csv", extra),
                          {"/replications.csv:2:1: expected 26 fields, got 27"});
  }
  SECTION("a file cut in the middle of its last row")
  {
    const std::string cut = timeseries.substr(0, timeseries.size() - 5);
    expect_report_refused(tmp, spoiled_run(tmp, "timeseries.csv", cut), {"/timeseries.csv:", "no line end"});
  }
  SECTION("a quoted field never closed")
  {
    expect_report_refused(tmp, spoiled_run(tmp, "stages.csv", stages + "\"tiny,x,in"),
                          {"/stages.csv:", "unterminated quoted field"});
  }
  SECTION("NaN and infinity in number columns")
  {
    // Line 2 of stages.csv: its utilization (column 18) becomes nan.
    const auto header_end = stages.find("\r\n") + 2;
    const auto line_end = stages.find("\r\n", header_end);
    std::string row = stages.substr(header_end, line_end - header_end);
    std::size_t at = 0;
    for (int comma = 0; comma < 17; ++comma) at = row.find(',', at) + 1;
    const std::string col = std::to_string(at + 1);
    row = row.substr(0, at) + "nan" + row.substr(row.find(',', at));
    expect_report_refused(tmp, spoiled_run(tmp, "stages.csv", stages.substr(0, header_end) + row + stages.substr(line_end)),
                          {"/stages.csv:2:" + col + ": utilization: 'nan' is not a finite number"});
    // The first timeseries row's time_h (column 3, after "tiny,0,") becomes inf.
    const auto ts_header_end = timeseries.find("\r\n") + 2;
    const std::string inf = timeseries.substr(0, ts_header_end) + "tiny,0,inf" +
                            timeseries.substr(timeseries.find(',', ts_header_end + 7));
    expect_report_refused(tmp, spoiled_run(tmp, "timeseries.csv", inf),
                          {"/timeseries.csv:2:8: time_h: 'inf' is not a finite number"});
  }
  SECTION("a required column missing")
  {
    const std::string renamed = replace_once(timeseries, "queue_len", "queue_length");
    expect_report_refused(tmp, spoiled_run(tmp, "timeseries.csv", renamed), {"/timeseries.csv:1:1: missing column 'queue_len'"});
    const std::string no_crossing = replace_once(summary, ",crossing,", ",crossings,");
    expect_report_refused(tmp, spoiled_run(tmp, "summary.csv", no_crossing), {"/summary.csv:1:1: missing column 'crossing'"});
  }
}

TEST_CASE("report refuses figures no run writes: negative rates, fractional replications, a header without rows", "[readers]")
{
  TempDir tmp;
  const std::string summary = read_text(valid_run() + "/summary.csv");
  const std::string run_info = read_text(valid_run() + "/run_info.json");
  const auto header_end = summary.find("\r\n") + 2;
  const std::string header = summary.substr(0, header_end);
  /// summary.csv with the cell of `column` on its first row replaced by `cell`; the column's 1-based position.
  const auto with_cell = [&](const std::string& column, const std::string& cell) {
    const auto fields = header.substr(0, header.find(column));
    const auto index = static_cast<std::size_t>(std::count(fields.begin(), fields.end(), ','));
    std::size_t at = header_end;
    for (std::size_t k = 0; k < index; ++k) at = summary.find(',', at) + 1;
    const auto end = summary.find_first_of(",\r", at);
    return std::pair{summary.substr(0, at) + cell + summary.substr(end), std::to_string(at - header_end + 1)};
  };
  SECTION("a negative throughput")
  {
    const auto [text, col] = with_cell("served_per_day", "-240");
    expect_report_refused(tmp, spoiled_run(tmp, "summary.csv", text),
                          {"/summary.csv:2:" + col + ": served_per_day: '-240' is negative"});
  }
  SECTION("replications 0 or 2.5")
  {
    for (const std::string bad : {"0", "2.5"}) {
      const auto [text, col] = with_cell("replications", bad);
      expect_report_refused(tmp, spoiled_run(tmp, "summary.csv", text),
                            {"/summary.csv:2:" + col + ": replications: '" + bad + "' is not a whole number of at least 1"});
    }
  }
  SECTION("a utilisation share above 1 in stages.csv")
  {
    const std::string stages = read_text(valid_run() + "/stages.csv");
    const auto stages_header_end = stages.find("\r\n") + 2;
    const auto line_end = stages.find("\r\n", stages_header_end);
    const std::string row_text = stages.substr(stages_header_end, line_end - stages_header_end);
    // The cell under blocked_share, found by its header (no cell of this file holds a comma).
    std::vector<std::string> names, cells;
    for (std::stringstream in(stages.substr(0, stages_header_end - 2)); in.good();) names.emplace_back(), std::getline(in, names.back(), ',');
    for (std::stringstream in(row_text); in.good();) cells.emplace_back(), std::getline(in, cells.back(), ',');
    const auto column = std::find(names.begin(), names.end(), "blocked_share") - names.begin();
    REQUIRE(static_cast<std::size_t>(column) < cells.size());
    cells[static_cast<std::size_t>(column)] = "1.5";
    std::string row;
    for (std::size_t c = 0; c < cells.size(); ++c) row += (c ? "," : "") + cells[c];
    expect_report_refused(tmp, spoiled_run(tmp, "stages.csv", stages.substr(0, stages_header_end) + row + stages.substr(line_end)),
                          {"/stages.csv:2:", "blocked_share: '1.5' is not a share from 0 to 1"});
  }
  SECTION("summary.csv with its header and no row")
  {
    expect_report_refused(tmp, spoiled_run(tmp, "summary.csv", header), {"/summary.csv:2:1: no rows after the header"});
  }
  SECTION("run_info.json's seed as text, its replications fractional")
  {
    // run_info.json with the member `key` holding `value`, and the line and column where the value starts.
    const auto with_member = [&](const std::string& key, const std::string& value) {
      const auto at = run_info.find("\"" + key + "\": ");
      REQUIRE(at != std::string::npos);
      const auto value_at = at + key.size() + 4;
      const auto line_start = run_info.rfind('\n', at) + 1;
      const auto line = std::count(run_info.begin(), run_info.begin() + static_cast<long>(at), '\n') + 1;
      return std::pair{run_info.substr(0, value_at) + value + run_info.substr(run_info.find_first_of(",\n", value_at)),
                       std::to_string(line) + ":" + std::to_string(value_at - line_start + 1)};
    };
    const auto [seed, seed_at] = with_member("seed", "\"x\"");
    expect_report_refused(tmp, spoiled_run(tmp, "run_info.json", seed),
                          {"/run_info.json:" + seed_at + ": seed: expected a number, got 'x'"});
    const auto [negative, negative_at] = with_member("seed", "-1");
    expect_report_refused(tmp, spoiled_run(tmp, "run_info.json", negative),
                          {"/run_info.json:" + negative_at + ": seed: '-1' is not a whole number of at least 0"});
    const auto [reps, reps_at] = with_member("replications", "2.5");
    expect_report_refused(tmp, spoiled_run(tmp, "run_info.json", reps),
                          {"/run_info.json:" + reps_at + ": replications: '2.5' is not a whole number of at least 1"});
  }
}

TEST_CASE("check refuses a baseline with a field out of range or not an integer, located, before running", "[readers]")
{
  TempDir tmp;
  const std::string scenario = tmp.write("tiny.yaml", tiny_scenario("tiny"));
  const std::string header = "record,crossing,direction,class,stage,metric,value,ci95,replications\r\n";
  const std::string horizon_warmup = "option,,,,,horizon,10h,,0\r\noption,,,,,warmup,1h,,0\r\n";
  const std::string metric = "metric,x,in,car,,wait_mean_min,0.5,0.1,2\r\n";
  struct Case {
    std::string content, fragment;
  };
  const std::vector<Case> cases{
      {header + horizon_warmup +
           "option,,,,,replications,2,,0\r\noption,,,,,seed,7,,0\r\nmetric,x,in,car,,wait_mean_min,0.5,-0.1,2\r\n",
       ":6:36: ci95: -0.1 is negative"},
      {header + horizon_warmup +
           "option,,,,,replications,2,,0\r\noption,,,,,seed,7,,0\r\nmetric,x,in,car,,wait_mean_min,0.5,1e300,2\r\n",
       ":6:36: ci95: 1e300 is more than 1e6 times the value"},
      {header + horizon_warmup + "option,,,,,replications,2.5,,0\r\noption,,,,,seed,7,,0\r\n" + metric,
       ":4:25: replications: '2.5' is not a whole number of at least 2"},
      {header + horizon_warmup + "option,,,,,replications,2,,0\r\n" + metric, ":1:1: seed: the baseline has no seed option"},
      {header + horizon_warmup + "option,,,,,replications,2,,0\r\noption,,,,,seed,seven,,0\r\n" + metric,
       ":5:17: seed: 'seven' is not a whole number from 0 to 18446744073709551615"},
      {header + horizon_warmup + "option,,,,,replications,2,,0\r\noption,,,,,seed,1e300,,0\r\n" + metric,
       ":5:17: seed: '1e300' is not a whole number from 0 to 18446744073709551615"},
      {header + horizon_warmup + "option,,,,,replications,2,,0\r\noption,,,,,seed,-1,,0\r\n" + metric,
       ":5:17: seed: '-1' is not a whole number from 0 to 18446744073709551615"},
  };
  for (const auto& c : cases) {
    const std::string baseline = tmp.write("baseline.csv", c.content);
    const auto r = run_bordersim({"check", scenario, "--baseline", baseline, "--quiet"}, kLimit_s);
    INFO(c.content << "stderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(baseline + c.fragment));
  }
}

TEST_CASE("text cells a spreadsheet would run as formulas are neutralised, and numbers stay numbers", "[readers]")
{
  TempDir tmp;
  // Provenance is free text; an older scenario's name could be too (names are ids now).
  const std::string source = "=HYPERLINK(\"http://example.invalid\",\"open\")";
  const std::string out = tmp.file("run");
  const auto r = run_bordersim({"run", tmp.write("evil.yaml", tiny_scenario("evil", source)), "--out", out, "--quiet"}, 120);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // In the file: a leading quote, and the field quoted; read back, the cell is the quoted text.
  CHECK_THAT(read_text(out + "/provenance.csv"),
             Catch::Contains(",sourced,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"open\"\")\""));
  const auto provenance = read_csv(out + "/provenance.csv");
  REQUIRE(provenance.size() == 1);
  CHECK(provenance[0].at("source") == "'" + source);
  CHECK(provenance[0].at("value") == "10"); // a number, as it was
  // The report shows the text as it is: the neutralising quote comes off when the files are read back.
  const std::string html = read_text(out + "/report.html");
  CHECK_THAT(html, Catch::Contains("=HYPERLINK(\\\"http://example.invalid\\\",\\\"open\\\")"));
  CHECK_THAT(html, !Catch::Contains("'=HYPERLINK"));
}

TEST_CASE("compare of two scenarios whose names differ only in case writes its workbook", "[readers]")
{
  TempDir tmp;
  const std::string out = tmp.file("cmp");
  const auto r = run_bordersim({"compare", tmp.write("Foo.yaml", tiny_scenario("Foo")),
                                tmp.write("foo.yaml", tiny_scenario("foo")), "--out", out, "--quiet", "--xlsx", "--no-report"},
                               120);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(out + "/results.xlsx"));
  CHECK(fs::exists(out + "/comparison.csv"));
  CHECK(fs::exists(out + "/Foo/summary.csv"));
  CHECK(fs::exists(out + "/foo/summary.csv"));
}
