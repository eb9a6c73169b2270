// Bad scenarios are refused before time zero with file:line:col: key.path: message, every error at
// once, exit code 2, and nothing written.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

const std::string kGood = R"(scenario: good
simulation:
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
)";

std::string replace(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// Runs the bad scenario through both `validate` and `run`; checks the exit code, that a located
/// message contains every expected fragment, and that no output folder appeared.
void expect_refused(const std::string& yaml, const std::string& located_prefix, const std::vector<std::string>& fragments)
{
  TempDir dir;
  const std::string file = dir.write("bad.yaml", yaml);
  for (const std::string command : {"validate", "run"}) {
    const auto result = command == "run" ? run_bordersim({"run", file, "--out", dir.file("out"), "--quiet"})
                                         : run_bordersim({"validate", file});
    INFO(command << " stderr:\n" << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(file + ":" + located_prefix) != std::string::npos);
    for (const auto& f : fragments) CHECK(result.err.find(f) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("out")));
  }
}

} // namespace

TEST_CASE("The reference scenario of these tests is valid", "[bad-input]")
{
  TempDir dir;
  const auto result = run_bordersim({"validate", dir.write("good.yaml", kGood)});
  INFO(result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("Malformed YAML", "[bad-input]")
{
  expect_refused(replace(kGood, "serves: [car]", "serves: [car"), "", {"YAML syntax"});
}

TEST_CASE("Unknown key names the valid keys", "[bad-input]")
{
  expect_refused(replace(kGood, "  warmup: 1h", "  warmpu: 1h"), "4:3: simulation.warmpu: ",
                 {"unknown key 'warmpu'", "valid keys: horizon, warmup, replications"});
}

TEST_CASE("Negative rate", "[bad-input]")
{
  expect_refused(replace(kGood, "per_hour: 10", "per_hour: -10"), "12:23: crossings.x.directions.in.demand.car.per_hour: ",
                 {"must be > 0"});
}

TEST_CASE("Zero service time", "[bad-input]")
{
  expect_refused(replace(kGood, "mean: 1min", "mean: 0min"), "19:20: crossings.x.directions.in.stages.booth.service.car: ",
                 {"mean must be > 0"});
  // One mistake, one message: the invalid distribution does not also count as a missing one.
  TempDir dir;
  const auto result = run_bordersim({"validate", dir.write("bad.yaml", replace(kGood, "mean: 1min", "mean: 0min"))});
  CHECK(result.err.find("no service time") == std::string::npos);
}

TEST_CASE("Duration without a unit", "[bad-input]")
{
  expect_refused(replace(kGood, "horizon: 10h", "horizon: 10"), "3:12: simulation.horizon: ", {"has no unit"});
}

TEST_CASE("A class with demand and no lane serving it", "[bad-input]")
{
  expect_refused(replace(kGood, "serves: [car]", "serves: [truck]"), "", {"class 'car' has demand but no lane serves it"});
}

TEST_CASE("Warm-up not shorter than the horizon", "[bad-input]")
{
  expect_refused(replace(kGood, "warmup: 1h", "warmup: 10h"), "4:11: simulation.warmup: ", {"must be shorter than the horizon"});
}

TEST_CASE("A profile of the wrong length", "[bad-input]")
{
  expect_refused(replace(kGood, "per_hour: 10", "per_hour: 10\n            profile: {weekday: [1, 1, 1]}"),
                 "13:32: crossings.x.directions.in.demand.car.profile.weekday: ", {"expected 7 weights, got 3"});
}

TEST_CASE("Unknown class and unknown distribution parameter", "[bad-input]")
{
  expect_refused(replace(kGood, "class: car", "class: lorry"), "11:20: crossings.x.directions.in.demand.lorry.class: ",
                 {"unknown class 'lorry'", "truck, car, bus, pedestrian"});
  expect_refused(replace(kGood, "mean: 1min", "mean: 1min, sd: 2min"), "", {"unknown parameter 'sd' for exponential; valid: mean"});
}

TEST_CASE("Every error is reported at once", "[bad-input]")
{
  std::string yaml = replace(kGood, "  warmup: 1h", "  warmpu: 1h");
  yaml = replace(yaml, "per_hour: 10", "per_hour: -10");
  yaml = replace(yaml, "horizon: 10h", "horizon: 10");
  yaml = replace(yaml, "count: 1", "count: 0");
  TempDir dir;
  const auto result = run_bordersim({"validate", dir.write("bad.yaml", yaml)});
  CHECK(result.exit_code == 2);
  std::istringstream lines(result.err);
  int located = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(dir.file("bad.yaml") + ":", 0) == 0) ++located;
  INFO(result.err);
  CHECK(located == 4);
}

TEST_CASE("A missing file, an extends cycle and a bad --set are errors that name where they are", "[bad-input]")
{
  TempDir dir;
  auto missing = run_bordersim({"validate", dir.file("nope.yaml")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find(dir.file("nope.yaml") + ": cannot read the file: No such file or directory") != std::string::npos);

  dir.write("a.yaml", "extends: b.yaml\nscenario: a\n");
  dir.write("b.yaml", "extends: a.yaml\nscenario: b\n");
  auto cycle = run_bordersim({"validate", dir.file("a.yaml")});
  CHECK(cycle.exit_code == 2);
  CHECK(cycle.err.find("cycle") != std::string::npos);

  const std::string good = dir.write("good.yaml", kGood);
  auto bad_set = run_bordersim({"validate", good, "--set", "crossings.nowhere.directions.in.demand.car.per_hour=5"});
  CHECK(bad_set.exit_code == 2);
  CHECK(bad_set.err.find("--set:1:1: crossings.nowhere: no item 'nowhere' here; valid: x") != std::string::npos);
}

TEST_CASE("Absurd sizes are refused before they can exhaust the machine", "[bad-input]")
{
  expect_refused(replace(replace(kGood, "per_hour: 10", "per_hour: 1000000"), "horizon: 10h", "horizon: 2000h"),
                 "3:12: simulation.horizon: ", {"vehicles per replication"});
  expect_refused(replace(kGood, "horizon: 10h", "horizon: 7000d\n  sample_interval: 60s"),
                 "4:20: simulation.sample_interval: ", {"more than 2,000,000 samples"});
  expect_refused(replace(kGood, "per_hour: 10", "per_hour: nan"), "12:23: crossings.x.directions.in.demand.car.per_hour: ",
                 {"expected a number"});
}

TEST_CASE("Empty lists are refused", "[bad-input]")
{
  expect_refused(replace(kGood, "        stages:\n          - id: booth\n            lanes:\n              - count: 1\n                serves: [car]\n            service:\n              car: {dist: exponential, mean: 1min}\n",
                         "        stages: []\n"),
                 "13:17: crossings.x.directions.in.stages: ", {"needs at least one stage"});
}

TEST_CASE("A run that would exhaust memory fails cleanly with exit code 1", "[bad-input]")
{
  // A stage closed for the whole run with a million arrivals an hour (the most a rate may be) piles up
  // vehicles: the worker stops at its limit with a message instead of taking the machine down.
  TempDir dir;
  const std::string file = dir.write("flood.yaml",
                                     replace(replace(kGood, "per_hour: 10", "per_hour: 1000000"), "horizon: 10h", "horizon: 6h"));
  dir.write("closed.yaml", "extends: flood.yaml\ncrossings:\n  - id: x\n    directions:\n      - id: in\n        stages:\n          - {id: booth, closed: [\"01-01..12-31\"]}\n");
  const auto r = run_bordersim({"run", dir.file("closed.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("vehicles inside the crossings at once") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));

  // People on foot run apart from the vehicles (sim/engine/hall_chains.hpp), under the same limit.
  std::string people = replace(replace(replace(kGood, "class: car", "class: pedestrian"), "serves: [car]", "serves: [pedestrian]"),
                               "car: {dist", "pedestrian: {dist");
  dir.write("flood.yaml", replace(replace(people, "per_hour: 10", "per_hour: 1000000"), "horizon: 10h", "horizon: 6h"));
  const auto p = run_bordersim({"run", dir.file("closed.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  CHECK(p.exit_code == 1);
  CHECK(p.err.find("people inside the passport halls at once") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST_CASE("A failed run leaves earlier results untouched", "[bad-input]")
{
  TempDir dir;
  const std::string good = dir.write("good.yaml", kGood);
  REQUIRE(run_bordersim({"run", good, "--out", dir.file("out"), "--quiet"}).exit_code == 0);
  const std::string before = read_text(dir.file("out/summary.csv"));
  const std::string bad = dir.write("bad.yaml", replace(kGood, "per_hour: 10", "per_hour: -1"));
  CHECK(run_bordersim({"run", bad, "--out", dir.file("out"), "--force", "--quiet"}).exit_code == 2);
  CHECK(read_text(dir.file("out/summary.csv")) == before);
}

// Hardening: input that used to crash, hang or exhaust the machine is refused, located, with exit code 2.

namespace {

/// Every stderr byte a terminal would act on (C0 controls but the newline, DEL); none may be echoed raw.
bool has_raw_control(const std::string& text)
{
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7f) return true;
  }
  return false;
}

/// `levels` anchors, each a list of ten aliases of the one before: 10^levels scalars once expanded.
std::string alias_bomb(int levels)
{
  std::string text = "bomb0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < levels; ++level) {
    const std::string previous = "*l" + std::to_string(level - 1);
    text += "bomb" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + previous;
    text += "]\n";
  }
  return text;
}

} // namespace

TEST_CASE("A YAML alias that contains itself is refused, in a file and in --set", "[bad-input]")
{
  expect_refused(replace(kGood, "scenario: good", "scenario: good\ndescription: &loop [*loop]"),
                 "2:14: description.0: ", {"YAML alias", "contains itself"});
  TempDir dir;
  const auto result = run_bordersim({"validate", dir.write("good.yaml", kGood), "--set", "description=&loop [a, *loop]"});
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--set:1:") != std::string::npos);
  CHECK(result.err.find("contains itself") != std::string::npos);
}

TEST_CASE("A YAML alias bomb is refused before it is expanded", "[bad-input]")
{
  // Ten levels would be 10^10 values; the budget stops the expansion at a million.
  expect_refused(replace(kGood, "scenario: good", "scenario: good\n" + alias_bomb(10)), "", {"more than 100000 values"});
}

TEST_CASE("Nesting deeper than a scenario needs is refused with a location", "[bad-input]")
{
  const auto nested = [](int depth) {
    return "description: " + std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']') + "\n";
  };
  expect_refused(replace(kGood, "scenario: good\n", "scenario: good\n" + nested(100)), "2:", {"nested more than 64 levels deep"});
  // Deeper still, the YAML parser's own limit speaks: the same message, not "bad file".
  TempDir dir;
  const auto result = run_bordersim(
      {"validate", dir.write("deep.yaml", replace(kGood, "scenario: good\n", "scenario: good\n" + nested(3000)))});
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(dir.file("deep.yaml") + ":2:") != std::string::npos);
  CHECK(result.err.find("nested more than 64 levels deep") != std::string::npos);
  CHECK(result.err.find("bad file") == std::string::npos);
}

TEST_CASE("extends names something that cannot be read: a located error, no crash, no hang", "[bad-input]")
{
  TempDir dir;
  dir.write("base.yaml", kGood);
  std::filesystem::create_directory(dir.file("folder"));
  REQUIRE(::mkfifo(dir.file("fifo").c_str(), 0600) == 0);
  const std::vector<std::pair<std::string, std::string>> cases{
      {std::string(300, 'a') + ".yaml", "too long"},
      {"folder", "not a regular file"},
      {"fifo", "not a regular file"},
      {"missing.yaml", "No such file"},
  };
  for (const auto& [target, reason] : cases) {
    const std::string file = dir.write("child.yaml", "extends: " + target + "\nscenario: child\n");
    const auto result = run_bordersim({"validate", file}, 60);
    INFO(target.substr(0, 20) << ": " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(file + ":1:10: extends: ") != std::string::npos);
    CHECK(result.err.find(reason) != std::string::npos);
  }
  // The scenario itself: a FIFO is not opened for reading (that would wait for a writer forever). A file that
  // cannot be read has no line to point at: the message names the file alone.
  const auto fifo = run_bordersim({"validate", dir.file("fifo")}, 60);
  CHECK(fifo.exit_code == 2);
  CHECK(fifo.err.find(dir.file("fifo") + ": not a regular file") != std::string::npos);
  // Nor is a file larger than any scenario (sparse: nothing is written to disk).
  const std::string huge = dir.write("huge.yaml", "");
  std::filesystem::resize_file(huge, 17u << 20);
  const auto too_big = run_bordersim({"validate", huge});
  CHECK(too_big.exit_code == 2);
  CHECK(too_big.err.find(huge + ": ") == 0);
  CHECK(too_big.err.find("larger than 16 MiB") != std::string::npos);
  // A file that is not there: said plainly, not at a line 1, column 1 it does not have.
  const auto missing = run_bordersim({"validate", dir.file("missing.yaml")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == dir.file("missing.yaml") + ": cannot read the file: No such file or directory\n");
}

TEST_CASE("Numbers that would make the engine produce infinities or run for ever are refused", "[bad-input]")
{
  // A huge cv made the worker abort in SimGrid ("simulate up to -nan").
  expect_refused(replace(kGood, "{dist: exponential, mean: 1min}", "{dist: lognormal, mean: 1min, cv: 1e200}"),
                 "19:20: crossings.x.directions.in.stages.booth.service.car: ", {"cv must be > 0 and <= 10"});
  expect_refused(replace(kGood, "mean: 1min", "mean: 100000d"),
                 "19:20: crossings.x.directions.in.stages.booth.service.car: ", {"mean must be at most 7305d"});
  // A huge horizon made `run` schedule opening-hours changes for 1e12 days.
  expect_refused(replace(kGood, "horizon: 10h", "horizon: 1e12d"), "3:12: simulation.horizon: ", {"must be <= 7305d, got 1e12d"});
  expect_refused(replace(kGood, "  warmup: 1h", "  warmup: 1h\n  start_date: 0001-01-01"),
                 "5:15: simulation.start_date: ", {"from 1900-01-01 to 2199-12-31"});
  expect_refused(replace(kGood, "  warmup: 1h", "  warmup: 1h\n  seed: 1e300"),
                 "5:9: simulation.seed: ", {"must be <= 9000000000000000, got 1e300"});
  expect_refused(replace(kGood, "per_hour: 10", "per_hour: 1e300"),
                 "12:23: crossings.x.directions.in.demand.car.per_hour: ", {"must be <= 1000000"});
  expect_refused(replace(kGood, "service:",
                         "events: [{id: e, start: \"9999-12-31 00:00\", duration: 1h, close: true}]\n            service:"),
                 "18:37: crossings.x.directions.in.stages.booth.events.e.start: ", {"from 1900-01-01 to 2199-12-31"});
}

TEST_CASE("Bad lane failures are located: mtbf not positive, repair missing, unknown key, too many breakdowns",
          "[bad-input][failures]")
{
  auto with = [](const std::string& failures) {
    return replace(kGood, "                serves: [car]\n", "                serves: [car]\n                failures: " + failures + "\n");
  };
  const std::string at = "crossings.x.directions.in.stages.booth.lanes.0.failures";
  expect_refused(with("{mtbf: 0h, repair: {dist: exponential, mean: 1h}}"), "18:34: " + at + ".mtbf: ",
                 {"duration must be > 0s, got 0h"});
  expect_refused(with("{mtbf: -3h, repair: {dist: exponential, mean: 1h}}"), "18:34: " + at + ".mtbf: ",
                 {"duration must be > 0s, got -3h"});
  expect_refused(with("{mtbf: 72h}"), "18:27: " + at + ": ", {"missing required key 'repair'"});
  expect_refused(with("{repair: {dist: exponential, mean: 1h}}"), "18:27: " + at + ": ", {"missing required key 'mtbf'"});
  expect_refused(with("{mtbf: 72h, repair: {dist: exponential, mean: 1h}, mttr: 2h}"), "18:78: " + at + ".mttr: ",
                 {"unknown key 'mttr'; valid keys: mtbf, repair"});
  expect_refused(with("{mtbf: 72h, repair: {dist: exponential}}"), "18:47: " + at + ".repair: ", {"exponential needs 'mean'"});
  expect_refused(with("yes"), "18:27: " + at + ": ", {"expected a mapping"});
  // A breakdown a second for 7000 days: more timers than a run accepts.
  expect_refused(replace(with("{mtbf: 1s, repair: {dist: deterministic, value: 1s}}"), "horizon: 10h", "horizon: 7000d"),
                 "3:12: simulation.horizon: ", {"lanes break down about", "times per replication"});
}

TEST_CASE("Outputs that would fill the disk are refused before time zero", "[bad-input]")
{
  // 1000 days sampled every minute, 100 replications: 144 million rows of timeseries.csv.
  expect_refused(
      replace(replace(kGood, "horizon: 10h", "horizon: 1000d\n  sample_interval: 1min"), "replications: 2", "replications: 100"),
      "4:20: simulation.sample_interval: ", {"144000000 rows of timeseries.csv", "more than 100000000"});
  // 48 windows a day on 150 lane groups over 20 years: 1.05e8 opening-hours changes to schedule.
  std::string windows;
  for (int hour = 0; hour < 24; ++hour) {
    const std::string h = (hour < 10 ? "0" : "") + std::to_string(hour);
    windows += std::string(windows.empty() ? "" : ", ") + "\"" + h + ":00-" + h + ":15\", \"" + h + ":30-" + h + ":45\"";
  }
  std::string groups;
  for (int g = 0; g < 150; ++g) groups += "              - {count: 1, serves: [car], open: [" + windows + "]}\n";
  expect_refused(replace(replace(kGood, "              - count: 1\n                serves: [car]\n", groups), "horizon: 10h",
                         "horizon: 7305d"),
                 "3:12: simulation.horizon: ", {"opening-hours changes"});
}

TEST_CASE("Names and ids are checked: length, characters, and ids safe as folder names", "[bad-input]")
{
  expect_refused(replace(kGood, "scenario: good", "scenario: ../up"), "1:11: scenario: ", {"'/'"});
  expect_refused(replace(kGood, "scenario: good", "scenario: a/b"), "1:11: scenario: ", {"'/'"});
  expect_refused(replace(kGood, "scenario: good", "scenario: \"..\""), "1:11: scenario: ", {"not be '.' or '..'"});
  expect_refused(replace(kGood, "id: x", "id: \"a\\tb\""), "7:9: crossings.a\\x09b.id: ", {"letters, digits"});
  expect_refused(replace(kGood, "id: x", "id: x\n    name: \"Tab\\there\""),
                 "8:11: crossings.x.name: ", {"control character U+0009"});
  expect_refused(replace(kGood, "id: booth", "id: booth\n            name: \"" + std::string(201, 'n') + "\""),
                 "15:19: crossings.x.directions.in.stages.booth.name: ", {"201 characters long; at most 200"});
  // An id that begins with '-' reads as an option to a shell and as a formula to a spreadsheet; a '.' in an id
  // would split it in key paths (--set crossings.a.b.directions...), though a scenario name may have one.
  expect_refused(replace(kGood, "id: x", "id: -x"), "7:9: crossings.-x.id: ", {"must not begin with '-'"});
  expect_refused(replace(kGood, "scenario: good", "scenario: -good"), "1:11: scenario: ", {"must not begin with '-'"});
  expect_refused(replace(kGood, "id: booth", "id: booth.1"), "", {": crossings.x.directions.in.stages.booth.1.id: ",
                                                                   "character '.' is not allowed"});
  {
    TempDir versioned;
    const auto r = run_bordersim({"validate", versioned.write("v.yaml", replace(kGood, "scenario: good", "scenario: good-v1.2"))});
    INFO(r.err);
    CHECK(r.exit_code == 0);
  }
  // Not ASCII: letters of other scripts are fine in ids and names.
  TempDir dir;
  const auto cyrillic = run_bordersim(
      {"validate", dir.write("kz.yaml", replace(replace(kGood, "id: x", "id: қарасу\n    name: Қарасу – Ақ-Тілек"),
                                                "scenario: good", "scenario: қарасу-2027"))});
  INFO(cyrillic.err);
  CHECK(cyrillic.exit_code == 0);
  // A 2 MB scenario name used to validate, then the run wrote 2 GB; the message does not repeat it.
  const auto huge = run_bordersim(
      {"validate", dir.write("huge.yaml", replace(kGood, "scenario: good", "scenario: " + std::string(2000000, 'x')))});
  CHECK(huge.exit_code == 2);
  CHECK(huge.err.find("2000000 characters long; at most 64") != std::string::npos);
  CHECK(huge.err.size() < 2000);
}

TEST_CASE("Control characters are never echoed to the terminal", "[bad-input]")
{
  TempDir dir;
  const std::string file = dir.write("ctl.yaml", replace(kGood, "  warmup: 1h", "  \"warm\\e[31mup\": 1h"));
  const auto result = run_bordersim({"validate", file});
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.err.find(file + ":4:3: simulation.warm\\x1b[31mup: unknown key 'warm\\x1b[31mup'") != std::string::npos);
  CHECK_FALSE(has_raw_control(result.err));
}

TEST_CASE("Locations of whole-file errors point at the user's file, line 1, column 1", "[bad-input]")
{
  TempDir dir;
  const std::string empty = dir.write("empty.yaml", "");
  const auto e = run_bordersim({"validate", empty});
  INFO(e.err);
  CHECK(e.exit_code == 2);
  CHECK(e.err.find(empty + ":1:1: (document): ") != std::string::npos);
  const std::string no_simulation = dir.write("nosim.yaml", "scenario: x\ncrossings: []\n");
  const auto n = run_bordersim({"validate", no_simulation});
  INFO(n.err);
  CHECK(n.exit_code == 2);
  CHECK(n.err.find(no_simulation + ":1:1: (document): missing required key 'simulation'") != std::string::npos);
  CHECK(n.err.find("built-in") == std::string::npos);
}

TEST_CASE("The --seed option is read exactly or refused with its range in digits a reader can count", "[bad-input]")
{
  TempDir dir;
  const std::string good = dir.write("good.yaml", kGood);
  for (const std::string seed : {"18446744073709551615", "9000000000000001", "-1", "1e3", "abc"}) {
    const auto result = run_bordersim({"run", good, "--out", dir.file("out"), "--quiet", "--seed", seed});
    INFO(seed << ": " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("--seed: expected a whole number from 0 to 9000000000000000, got " + seed) != std::string::npos);
    CHECK(result.err.size() < 300);
    CHECK_FALSE(std::filesystem::exists(dir.file("out")));
  }
  const auto largest = run_bordersim(
      {"run", good, "--out", dir.file("out"), "--quiet", "--no-report", "--seed", "9000000000000000"});
  INFO(largest.err);
  REQUIRE(largest.exit_code == 0);
  CHECK(read_text(dir.file("out/run_info.json")).find("\"seed\": 9000000000000000") != std::string::npos);
}

TEST_CASE("Impatient drivers: negative thresholds, shares above 1, unknown keys and bad patience are refused", "[bad-input]")
{
  const std::string at = "per_hour: 10";
  expect_refused(replace(kGood, at, at + "\n            balk_queue_over: -1"),
                 "13:30: crossings.x.directions.in.demand.car.balk_queue_over: ", {"must be >= 0, got -1"});
  expect_refused(replace(kGood, at, at + "\n            stay_home: {queue_over: 5, share: 1.5}"),
                 "13:47: crossings.x.directions.in.demand.car.stay_home.share: ", {"must be <= 1, got 1.5"});
  expect_refused(replace(kGood, at, at + "\n            stay_home: {queue_over: -5, share: 0.5}"),
                 "13:37: crossings.x.directions.in.demand.car.stay_home.queue_over: ", {"must be >= 0, got -5"});
  expect_refused(replace(kGood, at, at + "\n            stay_home: {queue_over: 5, shar: 0.5}"),
                 "13:40: crossings.x.directions.in.demand.car.stay_home.shar: ",
                 {"unknown key 'shar'; valid keys: queue_over, share", "stay_home: missing required key 'share'"});
  expect_refused(replace(kGood, at, at + "\n            patience: {dist: exponential, mean: -3min}"),
                 "13:23: crossings.x.directions.in.demand.car.patience: ", {"mean must be > 0"});
  expect_refused(replace(kGood, at, at + "\n            impatience: 3h"), "13:13: crossings.x.directions.in.demand.car.impatience: ",
                 {"unknown key 'impatience'", "patience, balk_queue_over, stay_home"});
}

TEST_CASE("The electronic queue: bad shares, no slots, a missing key and bad lateness are refused, and too few slots warn",
          "[bad-input]")
{
  const std::string at = "per_hour: 10";
  expect_refused(replace(kGood, at, at + "\n            booking: {share: 1.5, slots_per_hour: 12}"),
                 "13:30: crossings.x.directions.in.demand.car.booking.share: ", {"must be <= 1, got 1.5"});
  expect_refused(replace(kGood, at, at + "\n            booking: {share: 0.5, slots_per_hour: 0}"),
                 "13:51: crossings.x.directions.in.demand.car.booking.slots_per_hour: ", {"must be > 0, got 0"});
  expect_refused(replace(kGood, at, at + "\n            booking: {share: 0.5}"), "13:22: crossings.x.directions.in.demand.car.booking",
                 {"missing required key 'slots_per_hour'"});
  expect_refused(replace(kGood, at, at + "\n            booking: {share: 0.5, slots_per_hour: 12, no_show: -0.1}"),
                 "13:64: crossings.x.directions.in.demand.car.booking.no_show: ", {"must be >= 0, got -0.1"});
  expect_refused(replace(kGood, at, at + "\n            booking: {share: 0.5, slots_per_hour: 12, lateness: {dist: uniform, min: 5min, max: 1min}}"),
                 "13:65: crossings.x.directions.in.demand.car.booking.lateness: ", {"max"});

  // 8 of the 10 an hour book 6 slots: valid, but the wait for a slot grows, and validate says so where the key is.
  TempDir dir;
  const std::string file = dir.write("short.yaml", replace(kGood, at, at + "\n            booking: {share: 0.8, slots_per_hour: 6}"));
  const auto result = run_bordersim({"validate", file});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find(file + ":13:22: crossings.x.directions.in.demand.car.booking: ") != std::string::npos);
  CHECK(result.err.find("books 8 vehicles an hour on average over the run for 6 slots") != std::string::npos);
}

TEST_CASE("Waiting zones: negative capacities, unknown keys and a zone with no capacity are refused", "[bad-input][waiting_zone]")
{
  auto with = [](const std::string& zone) { return replace(kGood, "            lanes:\n", "            waiting_zone: " + zone + "\n            lanes:\n"); };
  const std::string at = "crossings.x.directions.in.stages.booth.waiting_zone";
  expect_refused(with("{capacity: -5}"), "15:38: " + at + ".capacity: ", {"must be >= 0, got -5"});
  expect_refused(with("{capacity: 2.5}"), "15:38: " + at + ".capacity: ", {"expected a whole number, got '2.5'"});
  expect_refused(with("{capacity_m: -40}"), "15:40: " + at + ".capacity_m: ", {"must be >= 0, got -40"});
  expect_refused(with("{capacity: 5, size: 3}"), "15:41: " + at + ".size: ", {"unknown key 'size'; valid keys: capacity, capacity_m"});
  expect_refused(with("{}"), "15:27: " + at + ": ", {"give the zone's capacity (vehicles), capacity_m (metres), or both"});
  expect_refused(with("40"), "15:27: " + at + ": ", {"expected a mapping"});
}

TEST_CASE("A bounded waiting area that a class may meet first is refused, not a crash", "[bad-input]")
{
  // Cars skip the passport hall (the route's first stage) and meet the vehicle lanes first, whose waiting area
  // holds 2: a car that found it full waited on the road with no lane to give back, and the worker crashed
  // (signal 11) when room came.
  const std::string skips_first = R"(scenario: skipfirst
simulation: {horizon: 2d, warmup: 0s, replications: 1, seed: 3}
crossings:
  - id: x
    directions:
      - id: out
        demand:
          - {class: pedestrian, per_hour: 10}
          - {class: car, per_hour: 30}
        stages:
          - id: hall
            visit_probability: {car: 0}
            lanes: [{count: 1, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 1min}}
          - id: lanes
            queue_capacity: 2
            visit_probability: {pedestrian: 0}
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2.5min}}
)";
  expect_refused(skips_first, "16:29: crossings.x.directions.out.stages.lanes.queue_capacity: ",
                 {"class 'car' may skip every stage before 'lanes'", "unbounded"});
  // The same room in metres.
  expect_refused(replace(skips_first, "queue_capacity: 2", "queue_capacity_m: 40"),
                 "16:31: crossings.x.directions.out.stages.lanes.queue_capacity_m: ", {"class 'car' may skip"});
  // Half the cars are weighed first; the other half meet the bounded lanes first.
  const std::string weighed = replace(kGood, "          - id: booth\n", R"(          - id: weigh
            visit_probability: {car: 0.5}
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}}
          - id: booth
            queue_capacity: 5
)");
  expect_refused(weighed, "19:29: crossings.x.directions.in.stages.booth.queue_capacity: ",
                 {"class 'car' may skip every stage before 'booth'"});
  // Every car weighed first: the bounded area is a later stage for all of them.
  TempDir dir;
  const auto result = run_bordersim({"validate", dir.write("all.yaml", replace(weighed, "{car: 0.5}", "{car: 1}"))});
  INFO(result.err);
  CHECK(result.exit_code == 0);
}
