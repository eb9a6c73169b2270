// The command line as a user meets it: help, version, exit codes, the output folder's rules, --set.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {
const std::string kSmall = R"(scenario: small
simulation: {horizon: 12h, warmup: 1h, replications: 2}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 20}]
        stages:
          - id: booth
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
)";
}

TEST_CASE("Help and version", "[cli]")
{
  const auto help = run_bordersim({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("run") != std::string::npos);
  CHECK(help.out.find("validate") != std::string::npos);
  const auto run_help = run_bordersim({"run", "--help"});
  CHECK(run_help.exit_code == 0);
  for (const char* option : {"--out", "--replications", "--seed", "--jobs", "--set", "--trace", "--force"})
    CHECK(run_help.out.find(option) != std::string::npos);
  const auto version = run_bordersim({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("bordersim ", 0) == 0);
}

TEST_CASE("Usage errors exit with 2", "[cli]")
{
  CHECK(run_bordersim({}).exit_code == 2);
  CHECK(run_bordersim({"fly"}).exit_code == 2);
  CHECK(run_bordersim({"run"}).exit_code == 2);
  CHECK(run_bordersim({"run", "x.yaml", "--jobs", "0"}).exit_code == 2);
}

TEST_CASE("Writing --set with a space for its '=' is said plainly, with the fix, not as a second scenario file", "[cli]")
{
  TempDir dir;
  const std::string config = dir.write("small.yaml", kSmall);
  for (const char* command : {"run", "validate", "compare", "baseline", "check", "capacity"}) {
    INFO(command);
    const auto r = run_bordersim({command, config, "--set", "simulation.horizon", "10h"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--set: simulation.horizon is not key.path=value") != std::string::npos);
    CHECK(r.err.find("did you mean --set simulation.horizon=10h?") != std::string::npos);
    CHECK(r.err.find("At Most 1") == std::string::npos);
  }
  const auto no_key = run_bordersim({"validate", config, "--set", "=10h"});
  CHECK(no_key.exit_code == 2);
  CHECK(no_key.err.find("--set: =10h is not key.path=value: write --set KEY=VALUE") != std::string::npos);
}

TEST_CASE("The output folder: self-describing, refused when it holds results, replaced with --force", "[cli]")
{
  TempDir dir;
  const std::string config = dir.write("s.yaml", kSmall);
  const auto first = run_bordersim({"run", config, "--out", dir.file("out")});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.find(dir.file("out")) != std::string::npos); // says where the results are
  for (const char* f : {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "run_info.json", "effective_config.yaml"})
    CHECK(std::filesystem::exists(dir.file(std::string("out/") + f)));
  CHECK_FALSE(std::filesystem::exists(dir.file("out/vehicles.csv")));
  const std::string info = read_text(dir.file("out/run_info.json"));
  for (const char* key : {"\"version\"", "\"git_commit\"", "\"seed\"", "\"simgrid_version\": \"3.", "\"wall_time_s\""})
    CHECK(info.find(key) != std::string::npos);

  const std::string before = read_text(dir.file("out/summary.csv"));
  const auto refused = run_bordersim({"run", config, "--out", dir.file("out"), "--seed", "5"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--force") != std::string::npos);
  CHECK(read_text(dir.file("out/summary.csv")) == before);

  REQUIRE(run_bordersim({"run", config, "--out", dir.file("out"), "--seed", "5", "--force", "--quiet"}).exit_code == 0);
  CHECK(read_text(dir.file("out/summary.csv")) != before);
  CHECK(read_text(dir.file("out/run_info.json")).find("\"seed\": 5") != std::string::npos);
}

TEST_CASE("Overrides from --set and --replications reach the effective configuration", "[cli]")
{
  TempDir dir;
  const std::string config = dir.write("s.yaml", kSmall);
  REQUIRE(run_bordersim({"run", config, "--out", dir.file("out"), "--quiet", "--replications", "3", "--set",
                         "simulation.demand_scale=1.5", "--set", "crossings.x.directions.in.stages.booth.lanes.0.count=2"})
              .exit_code == 0);
  const std::string effective = read_text(dir.file("out/effective_config.yaml"));
  CHECK(effective.find("demand_scale: 1.5") != std::string::npos);
  CHECK(effective.find("replications: 3") != std::string::npos);
  CHECK(effective.find("sample_interval: 1h") != std::string::npos); // defaults are filled in
  const auto stages = read_csv(dir.file("out/stages.csv"));
  CHECK(number(stages[0], "lanes") == 2);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  CHECK(number(summary[0], "replications") == 3);
  // The effective configuration runs as it is and gives the same numbers.
  REQUIRE(run_bordersim({"run", dir.file("out/effective_config.yaml"), "--out", dir.file("again"), "--quiet"}).exit_code == 0);
  CHECK(read_text(dir.file("again/summary.csv")) == read_text(dir.file("out/summary.csv")));
}

TEST_CASE("SimGrid's own --cfg and --log options are accepted", "[cli]")
{
  TempDir dir;
  const std::string config = dir.write("s.yaml", kSmall);
  const auto result = run_bordersim({"--log=root.threshold:critical", "run", config, "--out", dir.file("out"), "--quiet"});
  INFO(result.err);
  CHECK(result.exit_code == 0);
}

TEST_CASE("validate --provenance lists the assumptions and the figures without provenance", "[cli][provenance]")
{
  const auto r = run_bordersim({"validate", source_path("configs/kz-kg/demand-2030.yaml"), "--provenance", "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("(scenario)   assumption simulation.demand_scale") != std::string::npos);
  CHECK(r.out.find("karasu       calibrated") != std::string::npos);
  CHECK(r.out.find(" 0 without provenance") != std::string::npos);

  TempDir dir;
  dir.write("marked.yaml", kSmall + R"(provenance:
  - {key: simulation.demand_scale, status: assumption, source: growth}
  - {key: simulation.nothing_here, status: sourced, source: x}
)");
  const auto bad = run_bordersim({"validate", dir.file("marked.yaml")});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("provenance.simulation.nothing_here.key: no figure 'simulation.nothing_here' in the scenario") != std::string::npos);

  // A crossing that keeps provenance has every figure covered, or the unmarked ones are listed.
  dir.write("crossing.yaml", "extends: marked.yaml\nprovenance: []\ncrossings:\n  - id: x\n    provenance:\n      - {key: "
                             "directions.in.demand.car.per_hour, status: sourced, source: a count}\n");
  const auto partial = run_bordersim({"validate", dir.file("crossing.yaml"), "--provenance", "--quiet"});
  INFO(partial.err);
  CHECK(partial.exit_code == 0);
  CHECK(partial.out.find("unmarked   directions.in.stages.booth.service.car") != std::string::npos);
  CHECK(partial.out.find("unmarked   directions.in.demand.car.per_hour") == std::string::npos);
}

TEST_CASE("validate --keys lists every key path a --set can address, and setting them all changes nothing", "[cli]")
{
  for (const char* config : {"configs/karasu-ak-tilek.yaml", "configs/kz-kg/disruption-it-outage.yaml"}) {
    INFO(config);
    const auto listed = run_bordersim({"validate", source_path(config), "--keys", "--quiet"});
    REQUIRE(listed.exit_code == 0);
    std::vector<std::string> sets;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);) {
      CHECK(line.find('=') != std::string::npos);
      sets.push_back(line);
    }
    REQUIRE(sets.size() > 50);
    // The addresses a planner looks for, with their values.
    CHECK(listed.out.find("crossings.karasu.directions.kg_to_kz.stages.kz_entry_control.lanes.windows.count=12\n") !=
          std::string::npos);
    CHECK(listed.out.find("crossings.karasu.directions.kg_to_kz.stages.kz_entry_control.lanes.windows.roster.day.lanes=3\n") !=
          std::string::npos);
    CHECK(listed.out.find("simulation.horizon=28d\n") != std::string::npos);
    CHECK(listed.out.find(".id=") == std::string::npos); // ids name items, they are not settings
    // Every line given back as --set: valid, and the same listing.
    std::vector<std::string> args{"validate", source_path(config), "--keys", "--quiet"};
    for (const auto& set : sets) {
      args.push_back("--set");
      args.push_back(set);
    }
    const auto again = run_bordersim(args);
    INFO(again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out == listed.out);
  }
}

