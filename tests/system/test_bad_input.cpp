// Bad scenarios are refused before time zero with file:line:col: key.path: message, every error at
// once, exit code 2, and nothing written.
#include <catch2/catch.hpp>

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

TEST_CASE("A missing file, an extends cycle and a bad --set are located errors", "[bad-input]")
{
  TempDir dir;
  auto missing = run_bordersim({"validate", dir.file("nope.yaml")});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find(dir.file("nope.yaml") + ":1:1:") != std::string::npos);

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
  expect_refused(replace(kGood, "per_hour: 10", "per_hour: 1e12"), "3:12: simulation.horizon: ", {"vehicles per replication"});
  expect_refused(replace(kGood, "horizon: 10h", "horizon: 100000000h"), "3:12: simulation.horizon: ", {"more than 2,000,000 samples"});
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
  // A stage closed for the whole run with 3,000 arrivals a second piles up vehicles: the worker stops at
  // its limit with a message instead of taking the machine down.
  TempDir dir;
  const std::string file = dir.write("flood.yaml", replace(replace(kGood, "per_hour: 10", "per_hour: 10000000"), "horizon: 10h", "horizon: 3h"));
  dir.write("closed.yaml", "extends: flood.yaml\ncrossings:\n  - id: x\n    directions:\n      - id: in\n        stages:\n          - {id: booth, closed: [\"01-01..12-31\"]}\n");
  const auto r = run_bordersim({"run", dir.file("closed.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("vehicles inside the crossings at once") != std::string::npos);
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
