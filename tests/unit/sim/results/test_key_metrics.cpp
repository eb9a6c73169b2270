#include <catch2/catch.hpp>

#include <cmath>

#include "sim/results/key_metrics.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

namespace {
void check_series(const MetricSeries* m, const std::vector<double>& expected)
{
  REQUIRE(m);
  INFO(m->key.text());
  REQUIRE(m->per_replication.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::isnan(expected[i])) CHECK(std::isnan(m->per_replication[i]));
    else CHECK(m->per_replication[i] == Approx(expected[i]));
  }
}
} // namespace

TEST_CASE("key_metrics: six per reported class (eight for trucks, with their built-in costs), five per stage, then the direction's bottleneck", "[key_metrics]")
{
  const unit::TinyRun tiny;
  const auto metrics = key_metrics(tiny.layout, tiny.results);
  const std::vector<std::string> expected{
      "k/in/truck/served_per_day", "k/in/truck/diverted_out_per_day", "k/in/truck/wait_mean_min", "k/in/truck/wait_p95_min",
      "k/in/truck/system_time_mean_min", "k/in/truck/system_time_p95_min", "k/in/truck/wait_cost_usd_per_day",
      "k/in/truck/idle_co2_kg_per_day", "k/in/car/served_per_day", "k/in/car/diverted_out_per_day",
      "k/in/car/wait_mean_min", "k/in/car/wait_p95_min", "k/in/car/system_time_mean_min", "k/in/car/system_time_p95_min", "k/in/stage:exit/queue_mean", "k/in/stage:exit/queue_max",
      "k/in/stage:exit/queue_mean_km", "k/in/stage:exit/queue_max_km", "k/in/stage:exit/utilization",
      "k/in/stage:entry/queue_mean", "k/in/stage:entry/queue_max", "k/in/stage:entry/queue_mean_km",
      "k/in/stage:entry/queue_max_km", "k/in/stage:entry/utilization", "k/in/all/bottleneck_utilization"};
  REQUIRE(metrics.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(metrics[i].key.text() == expected[i]);
  CHECK(metrics[0].unit == "vehicles/day");
  CHECK(metrics[2].unit == "min");
  CHECK(metrics[4].unit == "min");
  CHECK(metrics[6].unit == "USD/day");
  CHECK(metrics[7].unit == "kg/day");
  CHECK(metrics[14].unit == "vehicles");
  CHECK(metrics[16].unit == "km");
  CHECK(metrics[18].unit == "share");
  CHECK(metrics[19].key.vehicle_class == "all");
  CHECK(metrics[19].key.stage == "entry");
  CHECK(metrics[24].key.stage.empty());
}

TEST_CASE("key_metrics: what impatient drivers and the electronic queue do, only where a flow has them", "[key_metrics]")
{
  std::string yaml = unit::kTinyCrossingYaml;
  const std::string trucks = "{class: truck, per_day: 100}";
  yaml.replace(yaml.find(trucks), trucks.size(),
               "{class: truck, per_day: 100, patience: {dist: exponential, mean: 1h}, balk_queue_over: 50, "
               "stay_home: {queue_over: 20, share: 0.5}, booking: {share: 0.5, slots_per_hour: 4, no_show: 0.1}}");
  const Scenario scenario = unit::scenario_from_yaml(yaml);
  const RunLayout layout(scenario);
  auto results = unit::tiny_results();
  for (std::size_t r = 0; r < results.size(); ++r) {
    FlowTally& truck = results[r].flows[0];
    truck.abandoned = 2 * (r + 1);
    truck.balked = 4;
    truck.suppressed = 6 * r;
    truck.booked = 100;
    truck.slot_wait_sum_s = 100 * 60.0 * static_cast<double>(r + 1); // 1, 2, 3 min each
  }
  const auto metrics = key_metrics(layout, results);
  auto key = [](const char* cls, const char* metric) { return MetricKey{"k", "in", cls, metric, {}}; };
  // Rates over the 2-day window.
  check_series(find_metric(metrics, key("truck", "abandoned_per_day")), {1, 2, 3});
  check_series(find_metric(metrics, key("truck", "balked_per_day")), {2, 2, 2});
  check_series(find_metric(metrics, key("truck", "suppressed_per_day")), {0, 3, 6});
  check_series(find_metric(metrics, key("truck", "booked_per_day")), {50, 50, 50});
  check_series(find_metric(metrics, key("truck", "slot_wait_mean_min")), {1, 2, 3});
  REQUIRE(find_metric(metrics, key("truck", "wait_mean_incl_waiting_min")));
  // No alternatives: nobody diverts when impatient; cars have none of it.
  CHECK_FALSE(find_metric(metrics, key("truck", "diverted_impatient_per_day")));
  for (const char* metric : {"abandoned_per_day", "balked_per_day", "suppressed_per_day", "booked_per_day", "slot_wait_mean_min"})
    CHECK_FALSE(find_metric(metrics, key("car", metric)));
  CHECK(better_direction("abandoned_per_day") == Better::lower);
  CHECK(better_direction("slot_wait_mean_min") == Better::lower);
  CHECK(better_direction("booked_per_day") == Better::neither);
}

TEST_CASE("key_metrics: which way each metric is better", "[key_metrics]")
{
  CHECK(better_direction("served_per_day") == Better::higher);
  for (const char* lower : {"diverted_out_per_day", "wait_mean_min", "wait_p95_min", "system_time_mean_min", "system_time_p95_min", "wait_cost_usd_per_day", "idle_co2_kg_per_day", "queue_mean", "queue_max",
                            "queue_mean_km", "queue_max_km"})
    CHECK(better_direction(lower) == Better::lower);
  CHECK(better_direction("utilization") == Better::neither);
  CHECK(better_direction("bottleneck_utilization") == Better::neither);
}

TEST_CASE("key_metrics: one value per replication, percentiles per replication", "[key_metrics]")
{
  const unit::TinyRun tiny;
  const auto m = key_metrics(tiny.layout, tiny.results);
  auto key = [](const char* cls, const char* metric) { return MetricKey{"k", "in", cls, metric, {}}; };
  auto at = [](const char* stage, const char* metric) { return MetricKey{"k", "in", "all", metric, stage}; };
  const double nan = std::nan("");

  check_series(find_metric(m, key("truck", "served_per_day")), {95, 105, 85}); // departures / 2 days
  check_series(find_metric(m, key("car", "diverted_out_per_day")), {10, 0, 20});
  check_series(find_metric(m, key("truck", "wait_mean_min")), {2.5, 7.5, 5});
  check_series(find_metric(m, key("car", "wait_mean_min")), {0.5, nan, 1.5}); // no cohort in the second
  // Each replication's own p95 (nearest rank), bucket middle capped at that replication's maximum:
  //  {60,120,180,240}: rank 4 = 240 (middle 240.5) -> 4 min; {300,600}: rank 2 = 600 (602) -> 10 min;
  //  {120,480}: rank 2 = 480 (middle 481 in [256, 512)'s 2 s buckets) -> 8 min. The pooled p95 is 10.
  check_series(find_metric(m, key("truck", "wait_p95_min")), {4, 10, 8});
  // System times are waits + 600 s: maxima 840, 1200, 1080 s (bucket middles 842, 1204, 1084), capped.
  check_series(find_metric(m, key("truck", "system_time_p95_min")), {14, 20, 18});
  // Cars wait 30 s (middle 30.0625) and 90 s (90.25): capped at 0.5 and 1.5 min.
  check_series(find_metric(m, key("car", "wait_p95_min")), {0.5, nan, 1.5});

  // Every stage's queue: exit's, and entry's 99 vehicles behind it, which the first stage alone never showed.
  check_series(find_metric(m, at("exit", "queue_mean")), {2, 4, 6});
  check_series(find_metric(m, at("exit", "queue_max")), {10, 30, 20});
  check_series(find_metric(m, at("exit", "queue_mean_km")), {0.04, 0.08, 0.12});
  check_series(find_metric(m, at("exit", "queue_max_km")), {0.2, 0.6, 0.4});
  check_series(find_metric(m, at("exit", "utilization")), {0.5, 0.6, 0.7});
  check_series(find_metric(m, at("entry", "queue_mean")), {99, 99, 99});
  check_series(find_metric(m, at("entry", "utilization")), {nan, nan, nan}); // closed all the window
  CHECK_FALSE(find_metric(m, key("all", "queue_mean"))); // no direction-level queue any more
  // The main bottleneck is exit (cars' bottleneck, cars being the largest share).
  check_series(find_metric(m, key("all", "bottleneck_utilization")), {0.5, 0.6, 0.7});
}

TEST_CASE("find_metric finds a key exactly or not at all", "[key_metrics]")
{
  const unit::TinyRun tiny;
  const auto m = key_metrics(tiny.layout, tiny.results);
  const MetricSeries* found = find_metric(m, {"k", "in", "car", "served_per_day", {}});
  REQUIRE(found);
  CHECK(found == &m[8]);
  CHECK_FALSE(find_metric(m, {"k", "in", "bus", "served_per_day", {}}));   // bus is not reported
  CHECK_FALSE(find_metric(m, {"k", "out", "car", "served_per_day", {}}));  // no such direction
  CHECK_FALSE(find_metric(m, {"k", "in", "car", "queue_mean", "exit"}));   // a stage metric is under "all"
  CHECK_FALSE(find_metric(m, {"k", "in", "all", "queue_mean", "border"})); // no such stage
  CHECK_FALSE(find_metric({}, {"k", "in", "car", "served_per_day", {}}));
}

TEST_CASE("key_metrics read no wait histogram per hour of arrival, which a sweep's workers do not keep", "[key_metrics]")
{
  // A sweep reports key metrics only, so its workers skip the 24 hour histograms of each flow (commands.cpp,
  // reports_wait_by_hour). A metric that came to read them would read nothing in a sweep: this says so first.
  const unit::TinyRun tiny;
  std::vector<ReplicationResult> with_hours = tiny.results;
  for (auto& r : with_hours)
    for (auto& flow : r.flows)
      for (std::size_t hour = 0; hour < flow.by_arrival_hour.size(); ++hour)
        for (int k = 0; k < 50; ++k) flow.by_arrival_hour[hour].wait.add(60.0 * static_cast<double>(hour + k));
  const auto a = key_metrics(tiny.layout, tiny.results);
  const auto b = key_metrics(tiny.layout, with_hours);
  REQUIRE(a.size() == b.size());
  for (std::size_t m = 0; m < a.size(); ++m) {
    INFO(a[m].key.text());
    CHECK(a[m].key.text() == b[m].key.text());
    REQUIRE(a[m].per_replication.size() == b[m].per_replication.size());
    for (std::size_t i = 0; i < a[m].per_replication.size(); ++i) {
      const double x = a[m].per_replication[i], y = b[m].per_replication[i];
      CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
    }
  }
}
