// Invariants that hold exactly or within a computed bound, whatever the randomness: conservation,
// Little's law, finite waiting areas, opening hours, visit probabilities, demand profiles.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

// Two posts in tandem with a small holding area between them and a part-time scanner, so that
// blocking, closures and skipping all happen.
const char* kTandem = R"(scenario: tandem
simulation: {horizon: 20d, warmup: 2d, replications: 4, seed: 77, sample_interval: 1h}
crossings:
  - id: x
    directions:
      - id: out
        demand:
          - {class: truck, per_hour: 9}
          - {class: car, per_hour: 20}
        stages:
          - id: exit_post
            lanes:
              - {id: trucks, count: 2, serves: [truck]}
              - {id: cars, count: 2, serves: [car]}
            service:
              truck: {dist: triangular, min: 4min, mode: 8min, max: 14min}
              car: {dist: exponential, mean: 3min}
          - id: entry_post
            queue_capacity: 5
            lanes:
              - {count: 2, serves: [truck, car]}
            service:
              truck: {dist: lognormal, mean: 10min, cv: 0.6}
              car: {dist: erlang, k: 2, mean: 3min}
          - id: scanner
            queue_capacity: 3
            visit_probability: {truck: 0.2, car: 0}
            open: ["08:00-20:00"]
            lanes:
              - {count: 1, serves: [truck]}
            service:
              truck: {dist: uniform, min: 5min, max: 15min}
)";

} // namespace

TEST_CASE("Conservation: in system at warm-up + arrived = served + in system at the end", "[invariant]")
{
  TempDir dir;
  dir.write("s.yaml", kTandem);
  const auto result = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto rows = select(read_csv(dir.file("out/replications.csv")), {{"level", "class"}});
  REQUIRE(rows.size() == 8); // 4 replications x 2 classes
  for (const auto& r : rows) {
    INFO("replication " << r.at("replication") << " class " << r.at("class"));
    CHECK(number(r, "in_system_at_warmup") + number(r, "arrived") == number(r, "served") + number(r, "in_system_at_end"));
    CHECK(number(r, "arrived") > 0);
  }
}

TEST_CASE("Conservation with impatient drivers: arrived = served + abandoned + balked + diverted + in system", "[invariant]")
{
  // The tandem with impatient trucks and cars: some give up (cars may drive to a second crossing, trucks leave),
  // some balk, some stay home; patience runs on in the drain after the horizon.
  std::string yaml = kTandem;
  auto insert_after = [&](const std::string& anchor, const std::string& text) {
    const auto at = yaml.find(anchor);
    REQUIRE(at != std::string::npos);
    yaml.insert(at + anchor.size(), text);
  };
  insert_after("{class: truck, per_hour: 9", ", patience: {dist: exponential, mean: 30min}, balk_queue_over: 12");
  insert_after("{class: car, per_hour: 20", ", patience: {dist: uniform, min: 5min, max: 40min}, stay_home: {queue_over: 8, share: 0.5}, "
                                            "balk_queue_over: 20, alternatives: [{crossing: y, detour: 1h}], divert_share: 0.5");
  yaml += R"(  - id: y
    directions:
      - id: out
        demand:
          - {class: car, per_hour: 2, patience: {dist: exponential, mean: 10min}}
        stages:
          - id: post
            lanes:
              - {count: 1, serves: [car, truck]}
            service:
              car: {dist: exponential, mean: 4min}
              truck: {dist: exponential, mean: 10min}
)";
  TempDir dir;
  dir.write("s.yaml", yaml);
  const auto result = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto rows = select(read_csv(dir.file("out/replications.csv")), {{"level", "class"}});
  double abandoned = 0, diverted = 0, balked = 0, suppressed = 0, diverted_in = 0;
  for (const auto& r : rows) {
    INFO("replication " << r.at("replication") << " " << r.at("crossing") << " class " << r.at("class"));
    CHECK(number(r, "in_system_at_warmup") + number(r, "arrived") ==
          number(r, "served") + number(r, "abandoned") + number(r, "balked") + number(r, "diverted_impatient") +
              number(r, "in_system_at_end"));
    if (r.at("crossing") == "x") {
      abandoned += number(r, "abandoned");
      diverted += number(r, "diverted_impatient");
      balked += number(r, "balked");
      suppressed += number(r, "suppressed");
    } else {
      diverted_in += number(r, "diverted_in");
    }
  }
  // Every kind of leaver happened, so the identity above was put to the test.
  CHECK(abandoned > 0);
  CHECK(diverted > 0);
  CHECK(balked > 0);
  CHECK(suppressed > 0);
  CHECK(diverted_in > 0);
  // The waits stay ordered: the mean over all that queued is finite and the served are measured.
  for (const auto& row : read_csv(dir.file("out/summary.csv"))) {
    INFO(row.at("crossing") << " " << row.at("class"));
    CHECK(number(row, "vehicles_measured") > 0);
    CHECK(std::isfinite(number(row, "wait_mean_incl_waiting_min")));
  }
}

TEST_CASE("Conservation with the electronic queue: booked = arrived at the slot + no-shows + still to come", "[invariant]")
{
  // The tandem with 60% of trucks booking 6 slots an hour (0.9 of them taken), late by up to 20 min, 10% no-shows,
  // beside impatient trucks that did not book; in all, both identities hold per replication.
  std::string yaml = kTandem;
  const std::string anchor = "{class: truck, per_hour: 9";
  const auto at = yaml.find(anchor);
  REQUIRE(at != std::string::npos);
  yaml.insert(at + anchor.size(), ", patience: {dist: exponential, mean: 30min}, booking: {share: 0.6, slots_per_hour: 6, no_show: 0.1, "
                                  "lateness: {dist: uniform, min: 0s, max: 20min}}");
  TempDir dir;
  dir.write("s.yaml", yaml);
  const auto result = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  double booked = 0, no_shows = 0, arrived_booked = 0, awaiting = 0, abandoned = 0;
  for (const auto& r : select(read_csv(dir.file("out/replications.csv")), {{"level", "class"}})) {
    INFO("replication " << r.at("replication") << " class " << r.at("class"));
    CHECK(number(r, "in_system_at_warmup") + number(r, "arrived") ==
          number(r, "served") + number(r, "abandoned") + number(r, "balked") + number(r, "diverted_impatient") +
              number(r, "in_system_at_end"));
    CHECK(number(r, "awaiting_slot_at_warmup") + number(r, "booked") ==
          number(r, "arrived_booked") + number(r, "no_shows") + number(r, "awaiting_slot_at_end"));
    CHECK(number(r, "arrived_booked") <= number(r, "arrived"));
    booked += number(r, "booked");
    no_shows += number(r, "no_shows");
    arrived_booked += number(r, "arrived_booked");
    awaiting += number(r, "awaiting_slot_at_warmup") + number(r, "awaiting_slot_at_end");
    abandoned += number(r, "abandoned");
  }
  // Every term was put to the test.
  CHECK(booked > 0);
  CHECK(no_shows > 0);
  CHECK(arrived_booked > 0);
  CHECK(awaiting > 0);
  CHECK(abandoned > 0);
}

TEST_CASE("Finite waiting areas are never exceeded and the lanes behind them block", "[invariant]")
{
  TempDir dir;
  dir.write("s.yaml", kTandem);
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet"}).exit_code == 0);
  const auto stages = read_csv(dir.file("out/stages.csv"));
  const auto entry = select(stages, {{"stage", "entry_post"}});
  const auto scanner = select(stages, {{"stage", "scanner"}});
  const auto exit_post = select(stages, {{"stage", "exit_post"}});
  REQUIRE(entry.size() == 1);
  CHECK(number(entry[0], "queue_max") <= 5);
  CHECK(number(scanner[0], "queue_max") <= 3);
  CHECK(number(exit_post[0], "blocked_share") > 0); // the full holding area held vehicles in exit lanes
  for (const auto& row : stages) {
    CHECK(number(row, "utilization") <= 1.0);
    CHECK(number(row, "utilization") + number(row, "blocked_share") <= 1.0 + 1e-9);
  }
  // The time series never shows more waiting than the area holds.
  for (const auto& row : select(read_csv(dir.file("out/timeseries.csv")), {{"stage", "entry_post"}}))
    REQUIRE(number(row, "queue_len") <= 5);
}

TEST_CASE("A waiting area in metres holds vehicles by their length", "[invariant]")
{
  // The entry post's area holds 100 m: five 20 m trucks, or fourteen 7 m cars, or a mix. queue_max_km never
  // exceeds 0.1 km, and more cars than trucks fit.
  TempDir dir;
  std::string yaml = kTandem;
  const std::string from = "            queue_capacity: 5\n";
  yaml.replace(yaml.find(from), from.size(), "            queue_capacity_m: 100\n");
  dir.write("s.yaml", yaml);
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"}).exit_code == 0);
  const auto entry = select(read_csv(dir.file("out/stages.csv")), {{"stage", "entry_post"}});
  CHECK(number(entry[0], "queue_max_km") <= 0.1 + 1e-12);
  CHECK(number(entry[0], "queue_max") > 5); // cars (7 m) fit more than five at a time
  CHECK(number(entry[0], "queue_max") <= 14);
  for (const auto& row : select(read_csv(dir.file("out/timeseries.csv")), {{"stage", "entry_post"}}))
    REQUIRE(number(row, "queue_km") <= 0.1 + 1e-12);
}

TEST_CASE("No service starts while a stage is closed", "[invariant]")
{
  TempDir dir;
  dir.write("s.yaml", kTandem);
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--replications", "1"})
              .exit_code == 0);
  const auto trace = select(read_csv(dir.file("out/vehicles.csv")), {{"stage", "scanner"}});
  REQUIRE(trace.size() > 100);
  for (const auto& row : trace) {
    const double hour_of_day = std::fmod(number(row, "start_h"), 24.0);
    REQUIRE(hour_of_day >= 8.0 - 1e-9);
    REQUIRE(hour_of_day < 20.0);
    REQUIRE(number(row, "start_h") >= number(row, "arrive_h"));
    REQUIRE(number(row, "end_h") >= number(row, "start_h"));
    REQUIRE(number(row, "leave_h") >= number(row, "end_h"));
  }
}

TEST_CASE("Visit probability: the share of trucks sent to the scanner", "[invariant]")
{
  TempDir dir;
  dir.write("s.yaml", kTandem);
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--replications", "1"})
              .exit_code == 0);
  const auto trace = read_csv(dir.file("out/vehicles.csv"));
  std::set<std::string> trucks, scanned;
  for (const auto& row : trace) {
    if (row.at("class") != "truck") continue;
    if (row.at("stage") == "exit_post") trucks.insert(row.at("vehicle"));
    if (row.at("stage") == "scanner") scanned.insert(row.at("vehicle"));
  }
  const double n = static_cast<double>(trucks.size());
  const double share = static_cast<double>(scanned.size()) / n;
  // 99% binomial interval around 0.2 (normal approximation; n is in the thousands).
  const double half_width = 2.576 * std::sqrt(0.2 * 0.8 / n);
  INFO("trucks " << n << " scanned share " << share << " ± " << half_width);
  CHECK(n > 2000);
  CHECK(std::fabs(share - 0.2) <= half_width);
  for (const auto& row : trace) CHECK_FALSE((row.at("class") == "car" && row.at("stage") == "scanner"));
}

TEST_CASE("Little's law at a stage, within its finite-window bound", "[invariant]")
{
  // Over a window of length T, L = lambda W up to the boundary terms: the vehicles waiting at the
  // window's edges, at most queue_max vehicles each waiting at most wait_max. The test checks
  // |L - lambda W| <= 2 * queue_max * wait_max / T for every replication.
  TempDir dir;
  REQUIRE(run_bordersim({"run", source_path("configs/mmc-example.yaml"), "--out", dir.file("out"), "--quiet"}).exit_code == 0);
  const auto stages = read_csv(dir.file("out/stages.csv"));
  const auto summary = read_csv(dir.file("out/summary.csv"));
  const double window_h = 2000 - 100;
  const double bound = 2 * number(stages[0], "queue_max") * (number(summary[0], "wait_max_min") / 60) / window_h;
  const auto reps = read_csv(dir.file("out/replications.csv"));
  const auto class_rows = select(reps, {{"level", "class"}});
  const auto stage_rows = select(reps, {{"level", "stage"}});
  REQUIRE(class_rows.size() == 5);
  REQUIRE(stage_rows.size() == 5);
  for (std::size_t r = 0; r < 5; ++r) {
    const double lambda_per_h = number(class_rows[r], "arrived") / window_h;
    const double wait_h = number(stage_rows[r], "wait_mean_min") / 60;
    const double l = number(stage_rows[r], "queue_mean");
    INFO("replication " << r << ": L " << l << " lambda W " << lambda_per_h * wait_h << " bound " << bound);
    CHECK(std::fabs(l - lambda_per_h * wait_h) <= bound);
  }
}

TEST_CASE("Demand profiles: no arrivals in hours of zero weight, and the daily mean is kept", "[invariant]")
{
  TempDir dir;
  dir.write("s.yaml", R"(scenario: profile
simulation: {horizon: 30d, warmup: 0s, replications: 2, seed: 5, sample_interval: 1h}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - class: car
            per_day: 480
            profile:
              hourly: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
        stages:
          - id: booth
            lanes: [{count: 4, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
)");
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet"}).exit_code == 0);
  double total = 0;
  for (const auto& row : read_csv(dir.file("out/timeseries.csv"))) {
    // time_h is the end of the sampled hour.
    const int hour = static_cast<int>(std::lround(number(row, "time_h") - 1)) % 24;
    if (hour < 6 || hour >= 22) REQUIRE(number(row, "arrivals") == 0);
    total += number(row, "arrivals");
  }
  // 2 replications x 30 days x 480 a day = 28,800 expected; Poisson sd ~170: 99.9% within ±560.
  CHECK(std::fabs(total - 28800) <= 560);
}

TEST_CASE("Stability: a stable M/M/1 at utilisation 0.8 is called stable in 20 of 20 seeds, an overloaded one unstable",
          "[invariants][stability]")
{
  // λ = 0.8 per minute, service 1 min: ρ = 0.8. Two weeks after a day of warm-up, three replications.
  const std::string mm1 = R"(scenario: mm1
simulation: {horizon: 15d, warmup: 1d, replications: 3}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 48}]
        stages:
          - id: booth
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}}
)";
  TempDir dir;
  const std::string config = dir.write("mm1.yaml", mm1);
  for (int seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    const std::string out = dir.file("s" + std::to_string(seed));
    const auto r = run_bordersim({"run", config, "--out", out, "--seed", std::to_string(seed), "--quiet", "--no-report"});
    REQUIRE(r.exit_code == 0);
    const auto summary = read_csv(out + "/summary.csv");
    REQUIRE(summary.size() == 1);
    CHECK(summary[0].at("stable") == "yes");
    // The growth is chance: below even 1% of the arrivals (11.5 a day; 5% calls a flow unstable).
    CHECK(std::fabs(number(summary[0], "queue_growth_per_day")) < 11.5);
    CHECK(r.err.find("unstable") == std::string::npos);
  }
  // λ = 1.2 per minute against 1 served: the queue grows by 0.2 × 1440 = 288 a day.
  const auto over = run_bordersim({"run", config, "--out", dir.file("over"), "--no-report", "--set", "simulation.demand_scale=1.5"});
  REQUIRE(over.exit_code == 0);
  const auto summary = read_csv(dir.file("over/summary.csv"));
  CHECK(summary[0].at("stable") == "no");
  CHECK(number(summary[0], "queue_growth_per_day") == Approx(288).epsilon(0.1));
  CHECK(over.err.find("scenario mm1: x in car: unstable:") != std::string::npos);
  CHECK(over.err.find("the queues grow by about") != std::string::npos);
  // The waits against the fluid limit of the growing queue (exact to a few vehicles here: the walk has drift 0.2 a
  // minute, so it leaves 0 at once): Q0 = 288 waiting when the window opens, W(s) = Q0 + 0.2 s minutes for a car
  // arriving s minutes into the window of T = 20,160. Counting every car of the window at its whole wait (the drain):
  // Q0 + 0.2 T / 2 = 2,304 min. Counting those that left by the horizon, who arrived before s* = (T - Q0) / 1.2:
  // Q0 + 0.2 s* / 2 = 1,944 min. Each within its 95% interval over the replications.
  CHECK(number(summary[0], "wait_mean_incl_waiting_min") ==
        Approx(2304).margin(number(summary[0], "wait_mean_incl_waiting_min_ci95")));
  CHECK(number(summary[0], "wait_mean_min") == Approx(1944).margin(number(summary[0], "wait_mean_min_ci95")));
  CHECK(number(summary[0], "wait_mean_incl_waiting_min") > number(summary[0], "wait_mean_min"));
}

TEST_CASE("Stability: the planner's overloaded Karasu says unstable with its growth, and counts the vehicles still waiting",
          "[invariants][stability]")
{
  TempDir dir;
  const auto r = run_bordersim({"run", source_path("configs/karasu-ak-tilek.yaml"), "--set", "simulation.demand_scale=1.5", "--set",
                                "simulation.horizon=14d", "--out", dir.file("out")});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  REQUIRE(summary.size() == 2);
  for (const auto& row : summary) {
    INFO(row.at("direction"));
    // Arrivals minus departures is the growth in the system, exactly.
    CHECK(number(row, "queue_growth_per_day") ==
          Approx(number(row, "arrived_per_day") - number(row, "served_per_day")).margin(1.0));
    CHECK(number(row, "wait_mean_incl_waiting_min") > 0);
  }
  // Into Kazakhstan the entry control (offered 1.14 of its capacity) falls behind by about a hundred trucks a day.
  const auto into_kz = select(summary, {{"direction", "kg_to_kz"}});
  REQUIRE(into_kz.size() == 1);
  CHECK(into_kz[0].at("stable") == "no");
  CHECK(number(into_kz[0], "queue_growth_per_day") - number(into_kz[0], "queue_growth_per_day_ci95") > 80);
  CHECK(into_kz[0].at("bottleneck_stage") == "kz_entry_control");
  CHECK(r.err.find("karasu kg_to_kz truck: unstable: ") != std::string::npos);
  // The trucks the horizon cut off waited longest: counted at their whole waits, the mean wait rises.
  CHECK(number(into_kz[0], "wait_mean_incl_waiting_min") > 1.1 * number(into_kz[0], "wait_mean_min"));
  // About 110 trucks a day: the 94 arriving beyond the windows' 300 a day, and what the scanner's breakdowns take. The
  // message says the summary's growth.
  const auto about = r.err.find("grow by about ");
  REQUIRE(about != std::string::npos);
  const double said = std::stod(r.err.substr(about + 14));
  CHECK(said == Approx(number(into_kz[0], "queue_growth_per_day")).epsilon(0.05));
  CHECK(said > 90);
  // Out of Kazakhstan every stage keeps up (validate warns of none): its queue grows only with the season's demand.
  const auto into_kg = select(summary, {{"direction", "kz_to_kg"}});
  REQUIRE(into_kg.size() == 1);
  CHECK(into_kg[0].at("stable") == "yes");
  CHECK(number(into_kg[0], "queue_growth_per_day") < 0.05 * number(into_kg[0], "arrived_per_day"));
  CHECK(r.err.find("kz_to_kg truck: unstable") == std::string::npos);
  // The report carries the verdict to its banner.
  CHECK(read_text(dir.file("out/report.html")).find("\"stable\"") != std::string::npos);
}

TEST_CASE("Wait by hour of arrival: a car that arrives while the post is closed waits at least until it opens", "[invariants]")
{
  // Cars all day, 20 an hour; two booths open 08:00-20:00, 2 min each: the night's cars wait for the morning.
  TempDir dir;
  const std::string config = dir.write("night.yaml", R"(scenario: night
simulation: {horizon: 8d, warmup: 1d, replications: 1, seed: 4}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 20}]
        stages:
          - id: booth
            open: ["08:00-20:00"]
            lanes: [{count: 2, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
)");
  const auto r = run_bordersim({"run", config, "--out", dir.file("out"), "--quiet", "--no-report"});
  REQUIRE(r.exit_code == 0);
  const auto by_hour = read_csv(dir.file("out/wait_by_hour.csv"));
  const auto summary = read_csv(dir.file("out/summary.csv"));
  REQUIRE(by_hour.size() == 24);
  REQUIRE(summary.size() == 1);
  double measured = 0, wait_sum = 0;
  for (const auto& row : by_hour) {
    const int hour = static_cast<int>(number(row, "arrival_hour"));
    INFO("hour " << hour);
    CHECK(row.at("kind") == "vehicle");
    REQUIRE(number(row, "measured") > 0);
    // Arriving at hour h (at the latest h:59:59) of a closed hour, a car waits at least until 08:00.
    const double closed_h = hour < 8 ? 8 - hour - 1 : hour >= 20 ? 32 - hour - 1 : 0;
    CHECK(number(row, "wait_mean_min") >= closed_h * 60);
    CHECK(number(row, "wait_p95_min") >= closed_h * 60);
    measured += number(row, "measured");
    wait_sum += number(row, "measured") * number(row, "wait_mean_min");
  }
  // By afternoon the morning's backlog is gone: a car arriving at 16:00 waits minutes, one at 02:00 hours.
  CHECK(number(select(by_hour, {{"arrival_hour", "16"}})[0], "wait_mean_min") < 15);
  // The hours split the summary's vehicles, and (one replication) their mean.
  CHECK(measured == number(summary[0], "vehicles_measured"));
  CHECK(wait_sum / measured == Approx(number(summary[0], "wait_mean_min")).epsilon(1e-6));
}

TEST_CASE("Design capacity divides shared lanes by the window's traffic mix, so served never exceeds it", "[invariants][capacity]")
{
  // One lane, 2 min a truck, 1 min a car, always busy (offered 1.2). Over the year trucks and cars are even, but in
  // January, the window, trucks are 3 in 4: the lane gives them 3/4 of the arrivals, 6 of every 7 minutes (617 a
  // day), not the 2/3 of the year's mix (480 a day), which a full lane in January exceeds.
  TempDir dir;
  const std::string config = dir.write("season.yaml", R"(scenario: season
simulation: {horizon: 20d, warmup: 2d, replications: 2, seed: 3, start_date: 2025-01-01}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: truck, per_hour: 12, profile: {monthly: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}
          - {class: car, per_hour: 12, profile: {monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.3]}}
        stages:
          - id: lane
            lanes: [{count: 1, serves: [truck, car]}]
            service: {truck: {dist: deterministic, value: 2min}, car: {dist: deterministic, value: 1min}}
)");
  const auto r = run_bordersim({"run", config, "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  for (const auto& row : summary) {
    INFO(row.at("class"));
    // A busy lane serves its design capacity and no more (a deterministic lane, up to the vehicle in service).
    CHECK(number(row, "served_per_day") <= number(row, "design_capacity_per_day") * 1.01);
  }
  const auto trucks = select(summary, {{"class", "truck"}});
  REQUIRE(trucks.size() == 1);
  CHECK(number(trucks[0], "design_capacity_per_day") > 550); // the window's mix, not the year's 480
}

TEST_CASE("MSER-5 finds the start-up of an M/M/1 that starts empty at utilisation 0.9, and run warns of a shorter warm-up",
          "[invariants][warmup]")
{
  // λ 0.9 a minute, service 1 min, from empty: E[Q(t)] approaches its stationary 8.1 like exp(-t/τ), the relaxation time
  // τ = 1 / (μ (1 - √ρ)²) = 6.3 h. The truncation of the replication-averaged queue must leave out the first batch (5
  // samples of 10 min: the empty start) and no more than 5τ = 32 h, past which the start-up is below 1% of its size.
  TempDir dir;
  const std::string config = dir.write("heavy.yaml", R"(scenario: heavy
simulation: {horizon: 400h, warmup: 0s, replications: 10, seed: 2, sample_interval: 10min}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 54}]
        stages:
          - id: booth
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}}
)");
  const auto r = run_bordersim({"run", config, "--out", dir.file("out"), "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto stages = read_csv(dir.file("out/stages.csv"));
  REQUIRE(stages.size() == 1);
  const double cut_h = number(stages[0], "warmup_mser5_h");
  CHECK(cut_h >= 50.0 / 60);
  CHECK(cut_h <= 32);
  CHECK(r.err.find("scenario heavy: x in booth: MSER-5 ends the queue's start-up at") != std::string::npos);
  // With a warm-up past it, no warning; nor for a direction whose demand follows a profile (no steady state to find).
  const auto warmed = run_bordersim({"run", config, "--out", dir.file("warmed"), "--no-report", "--set", "simulation.warmup=40h"});
  CHECK(warmed.err.find("MSER-5") == std::string::npos);
  const auto daily = run_bordersim({"run", config, "--out", dir.file("daily"), "--no-report", "--set",
                                    "crossings.x.directions.in.demand.car.profile.hourly=[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2]"});
  REQUIRE(daily.exit_code == 0);
  CHECK(daily.err.find("MSER-5") == std::string::npos);
}

TEST_CASE("Conservation holds with lane breakdowns, also where the broken lanes block", "[invariant][failures]")
{
  // The tandem with breakdowns on the exit post's cars and on the entry post, in front of a full waiting area.
  TempDir dir;
  std::string yaml = kTandem;
  auto replace = [&yaml](const std::string& from, const std::string& to) {
    REQUIRE(yaml.find(from) != std::string::npos);
    yaml.replace(yaml.find(from), from.size(), to);
  };
  replace("{id: cars, count: 2, serves: [car]}",
          "{id: cars, count: 2, serves: [car], failures: {mtbf: 6h, repair: {dist: exponential, mean: 40min}}}");
  replace("{count: 2, serves: [truck, car]}",
          "{count: 2, serves: [truck, car], failures: {mtbf: 12h, repair: {dist: uniform, min: 30min, max: 3h}}}");
  dir.write("s.yaml", yaml);
  const auto result = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto rows = select(read_csv(dir.file("out/replications.csv")), {{"level", "class"}});
  REQUIRE(rows.size() == 8);
  for (const auto& r : rows) {
    INFO("replication " << r.at("replication") << " class " << r.at("class"));
    CHECK(number(r, "in_system_at_warmup") + number(r, "arrived") == number(r, "served") + number(r, "in_system_at_end"));
  }
  for (const auto& row : read_csv(dir.file("out/stages.csv"))) {
    INFO("stage " << row.at("stage"));
    CHECK(number(row, "utilization") <= 1.0);
    CHECK(number(row, "utilization") + number(row, "blocked_share") <= 1.0 + 1e-9);
    const double broken = number(row, "lane_hours_broken_per_day");
    if (row.at("stage") == "scanner") CHECK(broken == 0);
    else CHECK((broken > 0 && broken < 24.0 * number(row, "lanes")));
  }
}

TEST_CASE("Preemptive resume: a service its lane's breakdowns interrupt takes its own time plus whole repairs",
          "[invariant][failures]")
{
  // Service exactly 10 min, repairs exactly 1 h: every service lasts 10 min plus a whole number of hours.
  TempDir dir;
  dir.write("s.yaml", R"(scenario: resume
simulation: {horizon: 30d, warmup: 1d, replications: 1, seed: 5}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: car, per_hour: 3}
        stages:
          - id: booth
            lanes:
              - {count: 1, serves: [car], failures: {mtbf: 5h, repair: {dist: deterministic, value: 1h}}}
            service:
              car: {dist: deterministic, value: 10min}
)");
  REQUIRE(run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--trace", "--no-report"}).exit_code == 0);
  const auto trace = read_csv(dir.file("out/vehicles.csv"));
  REQUIRE(trace.size() > 1000);
  int interrupted = 0;
  for (const auto& row : trace) {
    const double extra_h = number(row, "end_h") - number(row, "start_h") - 10.0 / 60;
    INFO("vehicle " << row.at("vehicle") << " served for 10 min + " << extra_h << " h");
    REQUIRE(std::fabs(extra_h - std::round(extra_h)) < 1e-6);
    REQUIRE(extra_h > -1e-6);
    interrupted += extra_h > 0.5;
  }
  CHECK(interrupted > 10); // about 1 - exp(-10 min / 5 h) = 3% of them
}

TEST_CASE("Common random numbers: the same breakdowns whatever the traffic", "[invariant][failures]")
{
  // The failure stream of a group is drawn only at its lanes' failures and repairs, so more demand (or another
  // service time) leaves each replication's broken lane time exactly as it was.
  TempDir dir;
  std::string yaml = kTandem;
  const std::string from = "{count: 2, serves: [truck, car]}";
  REQUIRE(yaml.find(from) != std::string::npos);
  yaml.replace(yaml.find(from), from.size(),
               "{count: 2, serves: [truck, car], failures: {mtbf: 12h, repair: {dist: lognormal, mean: 2h, cv: 1}}}");
  dir.write("s.yaml", yaml);
  auto broken = [&](const std::string& out, const std::string& set) {
    const auto r = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file(out), "--quiet", "--no-report", "--set", set});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return select(read_csv(dir.file(out + "/stages.csv")), {{"stage", "entry_post"}}).front().at("lane_hours_broken_per_day");
  };
  const std::string base = broken("base", "simulation.demand_scale=1");
  CHECK(base == broken("busier", "simulation.demand_scale=1.2"));
  CHECK(base == broken("slower", "crossings.x.directions.out.stages.entry_post.service.car.mean=4min"));
  CHECK(std::stod(base) > 0);
}

TEST_CASE("Out-of-turn vehicles do not book: they come at once and pass the booked regular ones", "[invariant]")
{
  // Every regular car books (30 slots an hour for 19, late by an exponential half hour, so the booth still sees
  // queues at utilisation 0.9); the 5% out-of-turn do not book and pass ahead. Without priority both would wait alike;
  // with it the out-of-turn wait about a tenth as long (M/M/1 with two priority classes: 2.5 against 25 min), so half
  // is a bound no noise reaches.
  const std::string yaml = R"(scenario: booked-priority
simulation: {horizon: 300h, warmup: 10h, replications: 1, seed: 5}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - class: car
            per_hour: 20
            priority: {out_of_turn: 0.05}
            booking: {share: 1, slots_per_hour: 30, lateness: {dist: exponential, mean: 30min}}
        stages:
          - id: booth
            lanes:
              - {count: 1, serves: [car]}
            service:
              car: {dist: exponential, mean: 2.7min}
)";
  TempDir dir;
  dir.write("s.yaml", yaml);
  const auto result = run_bordersim({"run", dir.file("s.yaml"), "--out", dir.file("out"), "--quiet", "--no-report", "--trace"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  double wait_h[2] = {0, 0};
  int count[2] = {0, 0};
  for (const auto& r : read_csv(dir.file("out/vehicles.csv"))) {
    const int regular = r.at("priority") == "regular" ? 1 : 0;
    wait_h[regular] += number(r, "start_h") - number(r, "arrive_h");
    ++count[regular];
  }
  REQUIRE(count[0] > 100);
  REQUIRE(count[1] > 1000);
  INFO("out-of-turn " << wait_h[0] / count[0] * 60 << " min, regular " << wait_h[1] / count[1] * 60 << " min");
  CHECK(wait_h[0] / count[0] < 0.5 * wait_h[1] / count[1]);
  // The share that booked is the regular share, 0.95, within its 99% binomial interval.
  const auto rep = select(read_csv(dir.file("out/replications.csv")), {{"level", "class"}}).front();
  const double would_be = number(rep, "booked") + number(rep, "arrived") - number(rep, "arrived_booked");
  const double booked_share = number(rep, "booked") / would_be;
  INFO("booked share " << booked_share << " of " << would_be);
  CHECK(std::fabs(booked_share - 0.95) <= 2.576 * std::sqrt(0.95 * 0.05 / would_be));
}
