// People on foot whose passport halls nothing else touches run in their own small calendar (sim/engine/hall_chains.hpp),
// not person by person through the network's. The rules and the draws are the model's, so the outputs must be the
// individual model's byte for byte (BORDERSIM_HALLS=individual, a test hook, and --trace run that model), and a
// tandem of M/M/c halls must match Erlang C at each hall (Burke: the first hall's departures are Poisson).
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "models/queueing_theory.hpp"
#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace q = bordersim::queueing;

namespace {
const char* kOutputs[] = {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "network.csv", "wait_by_hour.csv"};

// Two halls with vehicle lanes between them. The exit hall is open 06:00-22:00: people who come at night wait for the
// morning. The entry hall's walkway holds 3 people and its roster leaves one booth at night, so people who finished
// at the exit hall hold its booths (blocking) every morning and evening. The horizon ends at 23:00, with the exit hall
// closed and people in its queue: the drain follows them into the next morning. Samples every 20 min.
const std::string kHalls = R"(scenario: halls
simulation: {horizon: 119h, warmup: 1d, replications: 2, seed: 17, sample_interval: 20min}
crossings:
  - id: x
    directions:
      - id: out
        demand:
          - {class: pedestrian, per_hour: 100}
          - {class: car, per_hour: 20}
        stages:
          - id: exit_hall
            open: ["06:00-22:00"]
            visit_probability: {car: 0}
            lanes: [{count: 4, serves: [pedestrian]}]
            service: {pedestrian: {dist: lognormal, mean: 1.2min, cv: 0.5}}
          - id: exit_lanes
            visit_probability: {pedestrian: 0}
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
          - id: entry_hall
            queue_capacity: 3
            visit_probability: {car: 0}
            lanes:
              - count: 4
                serves: [pedestrian]
                roster:
                  - {id: day, days: Mon-Sun, open: ["08:00-20:00"], lanes: 3}
                  - {id: night, days: Mon-Sun, open: ["20:00-08:00"], lanes: 1}
            service: {pedestrian: {dist: exponential, mean: 1min}}
)";

void run_ok(const std::vector<std::string>& args)
{
  const auto result = run_bordersim(args);
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
}

void require_same_outputs(const TempDir& dir, const std::string& a, const std::string& b)
{
  for (const char* name : kOutputs) {
    INFO(a << " against " << b << ": " << name);
    const std::string text = read_text(dir.file(a + "/" + name));
    CHECK(text.size() > 100);
    CHECK(text == read_text(dir.file(b + "/" + name)));
  }
}

double stage_number(const std::vector<CsvRecord>& stages, const std::string& stage, const std::string& column)
{
  for (const auto& row : stages)
    if (row.at("stage") == stage) return number(row, column);
  FAIL("no stage " << stage);
  return 0;
}
} // namespace

TEST_CASE("Passport halls run apart give the individual model's outputs byte for byte",
          "[halls]")
{
  TempDir dir;
  const std::string config = dir.write("halls.yaml", kHalls);
  run_ok({"run", config, "--out", dir.file("chains"), "--quiet", "--no-report", "--jobs", "2"});
  {
    const EnvironmentSetTo individual("BORDERSIM_HALLS", "individual"); // a test hook, not an option
    run_ok({"run", config, "--out", dir.file("individual"), "--quiet", "--no-report", "--jobs", "1"});
  }
  run_ok({"run", config, "--out", dir.file("traced"), "--quiet", "--no-report", "--trace"});
  require_same_outputs(dir, "chains", "individual");
  require_same_outputs(dir, "chains", "traced");

  // The scenario does what it is for: the exit hall's booths are held by people blocked at the entry hall, the
  // entry hall's walkway fills, and people are still inside at the horizon.
  const auto stages = read_csv(dir.file("chains/stages.csv"));
  CHECK(stage_number(stages, "exit_hall", "blocked_share") > 0.01);
  CHECK(stage_number(stages, "entry_hall", "queue_max") == 3);
  bool inside_at_horizon = false;
  for (const auto& row : read_csv(dir.file("chains/replications.csv")))
    if (row.at("class") == "pedestrian" && number(row, "in_system_at_end") > 0) inside_at_horizon = true;
  CHECK(inside_at_horizon);
}

TEST_CASE("Two passport halls in tandem (M/M/10 then M/M/6) against Erlang C at each", "[halls][theory]")
{
  // 8 people a minute; 10 booths of 1 min (rho 0.8), then 6 booths of 40 s (rho 0.889). Ten replications of 300 h
  // after a 20 h warm-up; each hall's mean wait must lie within the 99% interval of Erlang C (df 9), chosen before
  // running, as the other theory checks.
  TempDir dir;
  const std::string config = dir.write("tandem.yaml", R"(scenario: tandem
simulation: {horizon: 320h, warmup: 20h, replications: 10, seed: 2024}
crossings:
  - id: x
    directions:
      - id: out
        demand: [{class: pedestrian, per_hour: 480}]
        stages:
          - id: first
            lanes: [{count: 10, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 1min}}
          - id: second
            queue_capacity: 1000000
            lanes: [{count: 6, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 40s}}
)");
  run_ok({"run", config, "--out", dir.file("out"), "--quiet", "--no-report", "--jobs", "2"});
  const auto stages = read_csv(dir.file("out/stages.csv"));
  REQUIRE(stages.size() == 2);
  const double t_ratio = 3.2498 / q::student_t_975(9); // the 99% half-width from the 95% one, df 9
  struct Hall {
    const char* id;
    int booths;
    double service_s;
  };
  for (const Hall& hall : {Hall{"first", 10, 60.0}, Hall{"second", 6, 40.0}}) {
    const double exact_min = q::mmc_mean_wait_s(hall.booths, 8.0 / 60.0, hall.service_s) / 60.0;
    const double simulated = stage_number(stages, hall.id, "wait_mean_min");
    const double half_width_99 = stage_number(stages, hall.id, "wait_mean_min_ci95") * t_ratio;
    const double rho = 8.0 / 60.0 * hall.service_s / hall.booths;
    INFO(hall.id << ": Erlang C " << exact_min << " min, simulated " << simulated << " ± " << half_width_99 << " (99%)");
    CHECK(std::fabs(simulated - exact_min) <= half_width_99);
    CHECK(half_width_99 < 0.25 * exact_min); // an informative interval
    CHECK(std::fabs(stage_number(stages, hall.id, "utilization") - rho) <=
          stage_number(stages, hall.id, "utilization_ci95") * t_ratio);
  }
}
