// The clock hands SimGrid one timer per window of the model's own calendar (sim/engine/clock.cpp). The window's
// length must change nothing; without coinciding dates the calendar must run exactly what one SimGrid timer per
// model timer ran (window 0, the reference kept for this test); and at a date where a sample and a change coincide,
// the sample must show the state after the change.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {
const char* kOutputs[] = {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "network.csv",
                          "wait_by_hour.csv", "vehicles.csv"};

void run_with_window(const char* window_s, const std::vector<std::string>& args)
{
  const EnvironmentSetTo window("BORDERSIM_CLOCK_WINDOW_S", window_s); // a test hook, not an option
  const auto result = run_bordersim(args, 120); // a window that stalls the run fails instead of hanging
  INFO("window " << window_s << ": " << result.err);
  REQUIRE(result.exit_code == 0);
}

void require_same_outputs(const TempDir& dir, const std::string& a, const std::string& b, int files_expected)
{
  int compared = 0;
  for (const char* name : kOutputs) {
    const std::string path_a = dir.file(a + "/" + name);
    if (!std::filesystem::exists(path_a)) continue; // a file the run does not write
    INFO(a << " against " << b << ": " << name);
    const std::string text = read_text(path_a);
    CHECK(text.size() > 100);
    CHECK(text == read_text(dir.file(b + "/" + name)));
    ++compared;
  }
  CHECK(compared == files_expected);
}

// Two stages in a row and a second crossing; random dates only: samples every 997 s never meet the warm-up's end
// (86,400 s) or each other's, and no hours, roster or event changes anything on the hour.
const std::string kNoCoincidences = R"(scenario: no_coincidences
simulation: {horizon: 5d, warmup: 1d, replications: 2, seed: 11, sample_interval: 997s}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 50}, {class: truck, per_hour: 12}]
        stages:
          - id: passport
            lanes: [{count: 2, serves: [car, truck]}]
            service: {car: {dist: exponential, mean: 2min}, truck: {dist: lognormal, mean: 4min, cv: 0.7}}
          - id: customs
            lanes: [{id: cars, count: 1, serves: [car]}, {id: trucks, count: 2, serves: [truck]}]
            service: {car: {dist: exponential, mean: 1min}, truck: {dist: erlang, mean: 9min, k: 3}}
  - id: y
    directions:
      - id: out
        demand: [{class: car, per_hour: 20}]
        stages:
          - id: passport
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2.5min}}
)";

// Two booths open 08:00-20:00, sampled every 8 h: the samples at 08:00 meet the opening. The first of them was
// scheduled before the opening was, so running same-date timers in the order scheduled would not be enough.
const std::string kChangeOnTheHour = R"(scenario: on_the_hour
simulation: {horizon: 3d, warmup: 0s, replications: 1, seed: 5, sample_interval: 8h}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 4}]
        stages:
          - id: booth
            open: ["08:00-20:00"]
            lanes: [{count: 2, serves: [car]}]
            service: {car: {dist: exponential, mean: 3min}}
)";
} // namespace

TEST_CASE("The clock's window changes no output of the network with every mechanism on", "[clock]")
{
  // Rosters, breakdowns and booked slots (equeue-karasu.yaml), drivers who give up or do not join (--set).
  TempDir dir;
  const std::vector<std::string> common{
      "run", source_path("configs/kz-kg/equeue-karasu.yaml"), "--quiet", "--no-report", "--replications", "2",
      "--set", "simulation.horizon=8d", "--set", "simulation.warmup=1d",
      "--set", "crossings.kordai.directions.kz_to_kg.demand.truck.patience={dist: exponential, mean: 3h}",
      "--set", "crossings.kordai.directions.kz_to_kg.demand.car.balk_queue_over=30"};
  // 1e-300 s adds nothing to any date past 1e-284 s: a window that short must still run what is due.
  for (const char* window : {"1", "3600", "100000000", "1e-300"}) {
    auto args = common;
    args.insert(args.end(), {"--out", dir.file(std::string("w") + window)});
    run_with_window(window, args);
  }
  require_same_outputs(dir, "w3600", "w1", 6);
  require_same_outputs(dir, "w3600", "w100000000", 6);
  require_same_outputs(dir, "w3600", "w1e-300", 6);
}

TEST_CASE("Without coinciding dates, the calendar runs exactly what one SimGrid timer per model timer ran", "[clock]")
{
  TempDir dir;
  dir.write("s.yaml", kNoCoincidences);
  for (const char* window : {"0", "3600"}) {
    run_with_window(window, {"run", dir.file("s.yaml"), "--quiet", "--no-report", "--trace", "--out",
                             dir.file(std::string("w") + window)});
  }
  require_same_outputs(dir, "w0", "w3600", 7);
}

TEST_CASE("A sample taken when the hours open shows the lanes after the change", "[clock]")
{
  TempDir dir;
  dir.write("s.yaml", kChangeOnTheHour);
  for (const char* window : {"0", "3600"})
    run_with_window(window, {"run", dir.file("s.yaml"), "--quiet", "--no-report", "--out", dir.file(std::string("w") + window)});
  int samples_at_opening = 0;
  for (const auto& row : read_csv(dir.file("w3600/timeseries.csv"))) {
    const double hour_of_day = std::fmod(number(row, "time_h"), 24.0);
    INFO("time_h " << row.at("time_h"));
    // A booth serving at closing finishes its car, so it counts as open until then.
    if (hour_of_day >= 8 && hour_of_day < 20) CHECK(number(row, "open_lanes") == 2);
    else CHECK(number(row, "open_lanes") == number(row, "busy_lanes"));
    if (hour_of_day == 8) ++samples_at_opening;
  }
  CHECK(samples_at_opening == 3);
  // With one SimGrid timer per model timer (the reference, as the engine ran before the calendar), the first
  // 08:00 sample came before the opening.
  const auto before = read_csv(dir.file("w0/timeseries.csv"));
  REQUIRE_FALSE(before.empty());
  CHECK(number(before.front(), "time_h") == 8);
  CHECK(number(before.front(), "open_lanes") == 0);
}
