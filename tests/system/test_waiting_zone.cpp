// The waiting zone before a stage (scenario key stages[].waiting_zone): a D/D/1 queue whose split is worked by
// hand, an M/M/1 against the exact mean of (Lq - N)+, and without a zone the road's columns are the queue's own.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

/// Three directions with the same D/D/1 truck queue at their entry post: a zone of 10 trucks, one of 210 m (10
/// trucks of 20 m fit, 11 do not), and none. The exit post is shut for the first hour by an event, so that some
/// 600 trucks wait there when it opens at 1 h; from then on it never runs dry (600 arrive an hour, it serves 60)
/// and passes a truck to the entry post exactly every minute, at 3600 + 60k s. The entry post serves each in 97 s,
/// so its queue grows by 1/60 - 1/97 trucks a second, and (97 and 60 having no common divisor) none of its
/// service starts falls on an arrival before 9480 s, past the horizon of 9030 s (the last arrival at 9000 s, the
/// last start at 8995 s).
std::string dd1_scenario()
{
  std::string directions;
  for (const auto& [id, zone] : std::vector<std::pair<std::string, std::string>>{
           {"vehicles", "\n            waiting_zone: {capacity: 10}"}, {"metres", "\n            waiting_zone: {capacity_m: 210}"},
           {"none", ""}}) {
    directions += R"(
      - id: )" + id + R"(
        demand: [{class: truck, per_hour: 600}]
        stages:
          - id: exit
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: deterministic, value: 1min}}
            events: [{id: shut, start: 0s, duration: 1h, close: true}]
          - id: entry)" + zone + R"(
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: deterministic, value: 97s}})";
  }
  return R"(scenario: dd1
simulation: {horizon: 9030s, warmup: 1h, replications: 2, sample_interval: 1001s}
crossings:
  - id: x
    directions:)" + directions + "\n";
}

/// The entry post's queue worked out from its arrivals and service starts: at each time of `at_s`, and integrated
/// over [from_s, to_s] beyond a zone of `zone` trucks.
struct DD1 {
  static constexpr double kFirstArrival_s = 3660, kArrivalGap_s = 60, kService_s = 97;
  static int waiting(double t_s)
  {
    if (t_s < kFirstArrival_s) return 0;
    const int arrived = static_cast<int>(std::floor((t_s - kFirstArrival_s) / kArrivalGap_s)) + 1;
    const int started = static_cast<int>(std::floor((t_s - kFirstArrival_s) / kService_s)) + 1;
    return arrived - started;
  }
  /// Integral of f(waiting) over [from_s, to_s]: the queue changes only at arrivals and service starts.
  template <class F> static double integral(double from_s, double to_s, F f)
  {
    std::vector<double> changes{from_s, to_s};
    for (double t = kFirstArrival_s; t < to_s; t += kArrivalGap_s) changes.push_back(t);
    for (double t = kFirstArrival_s; t < to_s; t += kService_s) changes.push_back(t);
    std::sort(changes.begin(), changes.end());
    double sum = 0;
    for (std::size_t i = 0; i + 1 < changes.size(); ++i)
      if (changes[i] >= from_s && changes[i + 1] <= to_s) sum += f(waiting(changes[i])) * (changes[i + 1] - changes[i]);
    return sum;
  }
};

constexpr int kZone = 10; // trucks, in the D/D/1 case

/// Half-width of the two-sided 99% Student-t interval from the 95% one, with 9 degrees of freedom (10 replications).
double to_99(double half_width_95) { return half_width_95 * 3.2498 / 2.2622; }

} // namespace

TEST_CASE("Waiting zone, D/D/1: the zone fills when the 11th truck waits, and the road holds the rest, exactly",
          "[waiting_zone]")
{
  TempDir dir;
  const auto result = run_bordersim({"run", dir.write("dd1.yaml", dd1_scenario()), "--out", dir.file("out"), "--quiet", "--no-report"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);

  // By hand: just after the k-th arrival (at 3600 + 60k s) k trucks have come and 1 + floor(60(k - 1)/97) have
  // started, so k = 28 (at 5280 s) is the first to find 10 waiting ahead of it: 28 - 1 - floor(1620/97) = 11. At
  // 9000 s 90 have come and 1 + floor(5340/97) = 56 started: 34 wait until the horizon, 24 of them (480 m) on the
  // road.
  CHECK(DD1::waiting(5279) == 10);
  CHECK(DD1::waiting(5280) == 11);
  CHECK(DD1::waiting(9030) == 34);
  constexpr double kHorizon_s = 9030, kWindow_s = kHorizon_s - 3600, kTruck_m = 20;
  const double queue = DD1::integral(3600, kHorizon_s, [](int w) { return w; }) / kWindow_s;
  const double road = DD1::integral(3600, kHorizon_s, [](int w) { return std::max(0, w - kZone); }) / kWindow_s;
  const double zone = DD1::integral(3600, kHorizon_s, [](int w) { return std::min(w, kZone); }) / kWindow_s;
  INFO("worked out: queue " << queue << ", zone " << zone << ", road " << road);

  const auto stages = read_csv(dir.file("out/stages.csv"));
  for (const std::string direction : {"vehicles", "metres", "none"}) {
    INFO("direction " << direction);
    const auto exit = select(stages, {{"direction", direction}, {"stage", "exit"}});
    const auto entry = select(stages, {{"direction", direction}, {"stage", "entry"}});
    REQUIRE(entry.size() == 1);
    // The exit post served without a pause from 1 h: one truck a minute (the premise of the hand count).
    CHECK(number(exit.front(), "served") == 90);
    const auto& row = entry.front();
    CHECK(number(row, "queue_mean") == Approx(queue).epsilon(1e-9));
    CHECK(number(row, "queue_max") == 34);
    const bool zoned = direction != "none";
    CHECK(number(row, "road_queue_mean") == Approx(zoned ? road : queue).epsilon(1e-9));
    CHECK(number(row, "road_queue_mean_ci95") == 0); // the replications are the same
    CHECK(number(row, "road_queue_max") == (zoned ? 24 : 34));
    CHECK(number(row, "road_queue_mean_km") == Approx((zoned ? road : queue) * kTruck_m / 1000).epsilon(1e-9));
    CHECK(number(row, "road_queue_max_km") == Approx(zoned ? 0.48 : 0.68).epsilon(1e-12));
    if (zoned) CHECK(number(row, "zone_occupancy_mean") == Approx(zone).epsilon(1e-9));
    else CHECK(row.at("zone_occupancy_mean").empty());
  }

  // Each sample of the road's queue (at 1001 s steps, never on an arrival or a service start) as counted by hand.
  const auto samples = select(read_csv(dir.file("out/timeseries.csv")), {{"stage", "entry"}});
  REQUIRE(samples.size() == 3 * 2 * 9);
  for (const auto& s : samples) {
    const double t_s = number(s, "time_h") * 3600;
    const int waiting = DD1::waiting(t_s);
    INFO(s.at("direction") << " at " << t_s << " s: " << waiting << " waiting");
    CHECK(number(s, "queue_len") == waiting);
    const int on_road = s.at("direction") == "none" ? waiting : std::max(0, waiting - kZone);
    CHECK(number(s, "road_queue_km") == Approx(on_road * kTruck_m / 1000).margin(1e-12));
  }
}

TEST_CASE("Waiting zone, M/M/1: the mean road queue is E[(Lq - N)+] = rho^(N+2)/(1 - rho)", "[waiting_zone][theory]")
{
  // In an M/M/1 queue the number inside is geometric, P(L = n) = (1 - rho) rho^n, and Lq = (L - 1)+ wait; with a
  // zone of N, (Lq - N)+ = (L - N - 1)+ are on the road, and E[(L - m)+] = sum over j >= 1 of P(L >= m + j) =
  // rho^(m+1) / (1 - rho). At rho = 0.8 and N = 3: road 0.8^5 / 0.2 = 1.6384, zone E[Lq] - road = 3.2 - 1.6384
  // = 1.5616. The direction "metres" has a zone of 21 m, three cars of 7 m: the same split.
  const double rho = 0.8;
  const int n = 3;
  const double exact_road = std::pow(rho, n + 2) / (1 - rho);
  const double exact_zone = rho * rho / (1 - rho) - exact_road;
  std::string directions;
  for (const auto& [id, zone] : std::vector<std::pair<std::string, std::string>>{{"vehicles", "{capacity: 3}"},
                                                                                      {"metres", "{capacity_m: 21}"}})
    directions += R"(
      - id: )" + id + R"(
        demand: [{class: car, per_hour: 48}]
        stages:
          - id: booth
            waiting_zone: )" + zone + R"(
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}})";
  TempDir dir;
  const std::string yaml = R"(scenario: mm1
simulation: {horizon: 1500h, warmup: 50h, replications: 10, seed: 1301}
crossings:
  - id: x
    directions:)" + directions + "\n";
  const auto result =
      run_bordersim({"run", dir.write("mm1.yaml", yaml), "--out", dir.file("out"), "--quiet", "--no-report", "--jobs", "2"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto stages = read_csv(dir.file("out/stages.csv"));
  REQUIRE(stages.size() == 2);
  for (const auto& row : stages) {
    INFO("direction " << row.at("direction"));
    const double road = number(row, "road_queue_mean"), road_hw = to_99(number(row, "road_queue_mean_ci95"));
    const double zone = number(row, "zone_occupancy_mean"), zone_hw = to_99(number(row, "zone_occupancy_mean_ci95"));
    INFO("road: exact " << exact_road << ", simulated " << road << " ± " << road_hw << " (99%)");
    INFO("zone: exact " << exact_zone << ", simulated " << zone << " ± " << zone_hw << " (99%)");
    CHECK(std::fabs(road - exact_road) <= road_hw);
    CHECK(road_hw < 0.15 * exact_road); // informative, not vacuous (a tail of the queue: about 10% here)
    CHECK(std::fabs(zone - exact_zone) <= zone_hw);
    CHECK(zone_hw < 0.05 * exact_zone);
    // The zone and the road make the queue; the road's kilometres are its cars' 7 m each.
    CHECK(zone + road == Approx(number(row, "queue_mean")).epsilon(1e-8));
    CHECK(number(row, "road_queue_mean_km") == Approx(road * 0.007).epsilon(1e-8));
    CHECK(number(row, "road_queue_max") == number(row, "queue_max") - n);
  }
}

TEST_CASE("Without a waiting zone the road holds the whole queue: its columns are the queue's own, digit for digit",
          "[waiting_zone]")
{
  // The network today (classes mixed at a stage, people, finite waiting areas that block, priorities, diversion),
  // three days of it.
  TempDir dir;
  const auto result = run_bordersim({"run", source_path("configs/kz-kg/current.yaml"), "--out", dir.file("out"), "--quiet", "--no-report",
                                     "--set", "simulation.horizon=3d", "--set", "simulation.warmup=1d", "--set",
                                     "simulation.replications=2", "--set", "simulation.sample_interval=3h"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto stages = read_csv(dir.file("out/stages.csv"));
  REQUIRE(stages.size() > 10);
  bool some_queue = false;
  for (const auto& row : stages) {
    INFO(row.at("crossing") << "/" << row.at("direction") << "/" << row.at("stage"));
    CHECK(row.at("zone_occupancy_mean").empty());
    CHECK(row.at("zone_occupancy_mean_ci95").empty());
    CHECK(row.at("road_queue_mean") == row.at("queue_mean"));
    CHECK(row.at("road_queue_mean_ci95") == row.at("queue_mean_ci95"));
    CHECK(row.at("road_queue_max") == row.at("queue_max"));
    CHECK(row.at("road_queue_mean_km") == row.at("queue_mean_km"));
    CHECK(row.at("road_queue_max_km") == row.at("queue_max_km"));
    some_queue = some_queue || number(row, "queue_mean") > 1;
  }
  CHECK(some_queue); // the comparison is not one of zeros
  const auto samples = read_csv(dir.file("out/timeseries.csv"));
  REQUIRE_FALSE(samples.empty());
  std::size_t differ = 0;
  for (const auto& s : samples) differ += s.at("road_queue_km") != s.at("queue_km");
  CHECK(differ == 0);
}
