// What the network needs from the model: scheduled events, priority, diversion between crossings.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "models/queueing_theory.hpp"
#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

std::string one_booth(const std::string& extra_stage_keys, const std::string& extra_demand_keys = "", const std::string& sim = "")
{
  return "scenario: events\nsimulation: {horizon: 10d, warmup: 0s, replications: 2, seed: 9" + sim +
         "}\ncrossings:\n  - id: x\n    directions:\n      - id: in\n        demand:\n          - class: car\n            per_hour: 20\n" +
         extra_demand_keys +
         "        stages:\n          - id: booth\n            lanes: [{id: g, count: 2, serves: [car]}]\n            service: {car: {dist: "
         "exponential, mean: 4min}}\n" +
         extra_stage_keys;
}

struct Interval99 {
  double mean;
  double half_width;
};

/// Each replication's mean wait (start - arrive, in minutes) of one priority level after the warm-up, from
/// the trace; their mean and Student-t 99% half-width (t 3.4995 for the 8 replications these tests run).
Interval99 mean_wait_by_replication(const std::vector<CsvRecord>& trace, const std::string& level, double warmup_h)
{
  constexpr std::size_t kReplications = 8;
  std::vector<double> sum(kReplications, 0.0), count(kReplications, 0.0);
  for (const auto& row : trace) {
    if (row.at("priority") != level || number(row, "arrive_h") < warmup_h) continue;
    const auto rep = static_cast<std::size_t>(number(row, "replication"));
    sum[rep] += (number(row, "start_h") - number(row, "arrive_h")) * 60;
    count[rep] += 1;
  }
  double mean = 0, var = 0;
  for (std::size_t r = 0; r < kReplications; ++r) mean += sum[r] / count[r] / kReplications;
  for (std::size_t r = 0; r < kReplications; ++r) var += std::pow(sum[r] / count[r] - mean, 2) / (kReplications - 1);
  return {mean, 3.4995 * std::sqrt(var / kReplications)};
}

} // namespace

TEST_CASE("A scheduled closure stops service starts for its window", "[events]")
{
  TempDir dir;
  dir.write("s.yaml", one_booth("            events:\n              - {id: outage, start: 2d, duration: 6h, close: true}\n"));
  const auto r = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  int during = 0, after = 0;
  for (const auto& row : read_csv(dir.file("out/vehicles.csv"))) {
    const double start_h = number(row, "start_h");
    if (start_h >= 48 && start_h < 54) ++during;
    if (start_h >= 54 && start_h < 56) ++after;
  }
  CHECK(during == 0);
  CHECK(after > 80); // the queue built during the outage is served once it ends (2 lanes, 4 min: up to 60/h)
  bool closed_seen = false;
  for (const auto& row : select(read_csv(dir.file("out/timeseries.csv")), {{"replication", "0"}}))
    if (number(row, "time_h") > 48 && number(row, "time_h") < 54) {
      CHECK(number(row, "open_lanes") == 0);
      closed_seen = true;
    }
  CHECK(closed_seen);
}

TEST_CASE("Scheduled lane changes and slow-downs act only inside their window", "[events]")
{
  TempDir dir;
  dir.write("s.yaml", one_booth("            events:\n              - {id: works, start: \"2025-01-03 00:00\", duration: 2d, lanes: 1, "
                                "group: g}\n              - {id: checks, start: 6d, duration: 2d, service_factor: 2}\n"));
  const auto r = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const auto& row : select(read_csv(dir.file("out/timeseries.csv")), {{"replication", "0"}})) {
    const double t = number(row, "time_h");
    if (t >= 49 && t < 96) CHECK(number(row, "busy_lanes") <= 1); // the lane in service at 48 h has an hour to finish
  }
  // Service times inside the slow-down have twice the mean: 8 min against 4 min outside.
  double inside = 0, outside = 0;
  int n_inside = 0, n_outside = 0;
  for (const auto& row : read_csv(dir.file("out/vehicles.csv"))) {
    const double start_h = number(row, "start_h");
    const double service_min = (number(row, "end_h") - start_h) * 60;
    if (start_h >= 144 && start_h < 192) {
      inside += service_min;
      ++n_inside;
    } else if (start_h < 48 || start_h >= 96) {
      outside += service_min;
      ++n_outside;
    }
  }
  // Exponential service: standard error of a mean of n is mean/sqrt(n); 4.5 of them.
  CHECK(std::fabs(inside / n_inside - 8.0) <= 4.5 * 8.0 / std::sqrt(n_inside));
  CHECK(std::fabs(outside / n_outside - 4.0) <= 4.5 * 4.0 / std::sqrt(n_outside));
}

TEST_CASE("Priority: non-preemptive M/M/1 with priority classes against Cobham's formula", "[priority][theory]")
{
  // One lane, exponential service of 1 min, 45 trucks an hour (rho 0.75), 5% out of turn, 1% fast-track.
  // Non-preemptive priority M/G/1: W_k = W0 / ((1 - s_{k-1}) (1 - s_k)), W0 = sum(lambda E[S^2]) / 2 and
  // s_k the load of the classes up to k. Each replication's mean wait per level comes from the trace; the
  // check uses their Student-t 99% interval (8 replications, t 3.4995).
  TempDir dir;
  dir.write("s.yaml", R"(scenario: priority
simulation: {horizon: 2000h, warmup: 50h, replications: 8, seed: 31}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: truck, per_hour: 45, priority: {out_of_turn: 0.05, fast_track: 0.01}}
        stages:
          - id: booth
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 1min}}
)");
  const auto r = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const double lambda = 0.75;         // per minute
  const double w0 = lambda * 2.0 / 2; // E[S^2] = 2 min^2
  const double s1 = 0.05 * lambda, s2 = 0.06 * lambda, s3 = lambda;
  const std::map<std::string, double> expected{
      {"out_of_turn", w0 / (1 - s1)}, {"fast_track", w0 / ((1 - s1) * (1 - s2))}, {"regular", w0 / ((1 - s2) * (1 - s3))}};
  const auto trace = read_csv(dir.file("out/vehicles.csv"));
  for (const auto& [level, w] : expected) {
    const Interval99 simulated = mean_wait_by_replication(trace, level, 50);
    INFO(level << ": Cobham " << w << " simulated " << simulated.mean << " ± " << simulated.half_width);
    CHECK(std::fabs(simulated.mean - w) <= simulated.half_width);
  }
  CHECK(expected.at("out_of_turn") < expected.at("fast_track"));
}

TEST_CASE("A stage with priority_first false serves everyone in turn", "[priority]")
{
  // The same M/M/1 as above with priority switched off at the booth: out-of-turn trucks then wait like the
  // rest, the FIFO M/M/1 mean rho/(mu - lambda) = 3 min. 99% interval over 8 replications' means.
  TempDir dir;
  dir.write("s.yaml", R"(scenario: fifo
simulation: {horizon: 2000h, warmup: 50h, replications: 8, seed: 33}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: truck, per_hour: 45, priority: {out_of_turn: 0.05}}
        stages:
          - id: booth
            priority_first: false
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 1min}}
)");
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--no-report"}).exit_code == 0);
  const Interval99 simulated = mean_wait_by_replication(read_csv(dir.file("out/vehicles.csv")), "out_of_turn", 50);
  INFO("FIFO 3 min, out-of-turn trucks waited " << simulated.mean << " ± " << simulated.half_width);
  CHECK(std::fabs(simulated.mean - 3.0) <= simulated.half_width);
}

TEST_CASE("Diversion: vehicles take the crossing with the least expected time", "[diversion]")
{
  // A slow crossing (one lane, 10 min) and a fast one (4 lanes, 2 min), 30 min apart. Demand at the slow one
  // (9 an hour, rho 1.5 alone) must spill over; conservation holds at both.
  TempDir dir;
  dir.write("s.yaml", R"(scenario: diversion
simulation: {horizon: 10d, warmup: 1d, replications: 3, seed: 41}
crossings:
  - id: slow
    directions:
      - id: in
        demand:
          - class: truck
            per_hour: 9
            alternatives: [{crossing: fast, detour: 30min}]
        stages:
          - id: post
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
  - id: fast
    directions:
      - id: in
        demand: [{class: car, per_hour: 30}]
        stages:
          - id: post
            lanes: [{count: 4, serves: [truck, car]}]
            service: {truck: {dist: exponential, mean: 2min}, car: {dist: exponential, mean: 2min}}
)");
  const auto r = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  const auto slow = select(summary, {{"crossing", "slow"}, {"class", "truck"}});
  const auto fast_trucks = select(summary, {{"crossing", "fast"}, {"class", "truck"}});
  REQUIRE(slow.size() == 1);
  REQUIRE(fast_trucks.size() == 1); // reported there although it has no truck demand of its own
  const double out = number(slow[0], "diverted_out_per_day");
  const double in = number(fast_trucks[0], "diverted_in_per_day");
  CHECK(out > 30);
  // The slow crossing cannot serve more than 144 a day; what it does not serve goes elsewhere.
  CHECK(number(slow[0], "served_per_day") <= 144);
  CHECK(number(slow[0], "arrived_per_day") + out == Approx(216).epsilon(0.05)); // 9 an hour
  CHECK(in == Approx(out).epsilon(0.02));                                       // minus those still on the detour
  CHECK(number(slow[0], "wait_mean_min") < 120); // the queue stays bounded instead of growing without limit
  for (const auto& row : select(read_csv(dir.file("out/replications.csv")), {{"level", "class"}}))
    CHECK(number(row, "in_system_at_warmup") + number(row, "arrived") == number(row, "served") + number(row, "in_system_at_end"));
}

TEST_CASE("Diversion share: only the share free to divert ever leaves", "[diversion]")
{
  // The slow crossing alone is overloaded (rho 1.5); with divert_share 0.3 at most 30% of its demand may
  // leave, so diverted_out stays under 0.3 x 216 a day (plus the binomial noise of ~2,000 draws: 4.5 sd).
  TempDir dir;
  dir.write("s.yaml", R"(scenario: share
simulation: {horizon: 10d, warmup: 1d, replications: 2, seed: 43}
crossings:
  - id: slow
    directions:
      - id: in
        demand:
          - class: truck
            per_hour: 9
            divert_share: 0.3
            alternatives: [{crossing: fast, detour: 10min}]
        stages:
          - id: post
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
  - id: fast
    directions:
      - id: in
        demand: [{class: truck, per_hour: 1}]
        stages:
          - id: post
            lanes: [{count: 4, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 2min}}
)");
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"}).exit_code == 0);
  const auto slow = select(read_csv(dir.file("out/summary.csv")), {{"crossing", "slow"}});
  const double out = number(slow[0], "diverted_out_per_day");
  const double bound = 0.3 * 216 + 4.5 * std::sqrt(216 * 0.3 * 0.7 / 9); // per day, over 9 measured days
  CHECK(out > 20);
  CHECK(out <= bound);
}

TEST_CASE("Diversion by queue length: vehicles leave a queue longer than the threshold", "[diversion]")
{
  TempDir dir;
  dir.write("s.yaml", R"(scenario: balk
simulation: {horizon: 5d, warmup: 0s, replications: 1, seed: 42, sample_interval: 15min}
crossings:
  - id: a
    directions:
      - id: in
        demand:
          - class: truck
            per_hour: 12
            divert_queue_over: 20
            alternatives: [{crossing: b, detour: 5h}]
        stages:
          - id: post
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
  - id: b
    directions:
      - id: in
        demand: [{class: truck, per_hour: 1}]
        stages:
          - id: post
            lanes: [{count: 2, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)");
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"}).exit_code == 0);
  // The 5 h detour is never the least expected time by itself, so only the threshold sends trucks away.
  for (const auto& row : select(read_csv(dir.file("out/timeseries.csv")), {{"crossing", "a"}}))
    REQUIRE(number(row, "queue_len") <= 21);
  const auto a = select(read_csv(dir.file("out/summary.csv")), {{"crossing", "a"}});
  CHECK(number(a[0], "diverted_out_per_day") > 50);
}
