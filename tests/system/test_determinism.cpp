// The same scenario and seed give byte-identical output files, whatever --jobs is.
#include <catch2/catch.hpp>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {
const char* kFiles[] = {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "vehicles.csv", "effective_config.yaml"};

void run_into(const std::string& out, const std::vector<std::string>& extra)
{
  std::vector<std::string> args{"run", source_path("configs/karasu-ak-tilek.yaml"), "--out", out, "--quiet", "--trace",
                                "--set", "simulation.horizon=6d", "--set", "simulation.warmup=1d", "--replications", "3"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto result = run_bordersim(args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}
} // namespace

TEST_CASE("Same seed, byte-identical files, and --jobs 1 matches --jobs 2", "[determinism]")
{
  TempDir dir;
  run_into(dir.file("a"), {"--jobs", "1"});
  run_into(dir.file("b"), {"--jobs", "2"});
  run_into(dir.file("c"), {"--jobs", "2"});
  for (const char* name : kFiles) {
    INFO(name);
    const std::string a = read_text(dir.file(std::string("a/") + name));
    CHECK(a.size() > 100);
    CHECK(a == read_text(dir.file(std::string("b/") + name)));
    CHECK(a == read_text(dir.file(std::string("c/") + name)));
  }
}

TEST_CASE("Another seed gives other draws", "[determinism]")
{
  TempDir dir;
  run_into(dir.file("a"), {});
  run_into(dir.file("b"), {"--seed", "99"});
  CHECK(read_text(dir.file("a/vehicles.csv")) != read_text(dir.file("b/vehicles.csv")));
}

TEST_CASE("A stream per source: adding a stage leaves the other sources' draws alone", "[determinism]")
{
  // Arrivals come from the demand stream only, so adding a stage downstream must not move them.
  TempDir dir;
  const std::string base = R"(scenario: streams
simulation: {horizon: 2d, warmup: 0s, replications: 1, seed: 3}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 30}]
        stages:
          - id: a
            lanes: [{count: 2, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
)";
  dir.write("one.yaml", base);
  dir.write("two.yaml", base + R"(          - id: b
            lanes: [{count: 2, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}}
)");
  REQUIRE(run_bordersim({"run", dir.file("one.yaml"), "--out", dir.file("one"), "--quiet", "--trace"}).exit_code == 0);
  REQUIRE(run_bordersim({"run", dir.file("two.yaml"), "--out", dir.file("two"), "--quiet", "--trace"}).exit_code == 0);
  const auto one = select(read_csv(dir.file("one/vehicles.csv")), {{"stage", "a"}});
  const auto two = select(read_csv(dir.file("two/vehicles.csv")), {{"stage", "a"}});
  REQUIRE(one.size() > 1000);
  REQUIRE(one.size() == two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    REQUIRE(one[i].at("arrive_h") == two[i].at("arrive_h"));
    REQUIRE(one[i].at("end_h") == two[i].at("end_h"));
  }
}
