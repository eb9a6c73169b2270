#include <catch2/catch.hpp>

#include <cmath>

#include "sim/results/aggregate.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

// Expectations follow from the figures documented at unit::tiny_results() and kTinyCrossingYaml.
// t(0.975, 1) = 12.7062 and t(0.975, 2) = 4.3027 from a printed table.

TEST_CASE("aggregate: one summary row per reported class, with rates, waits and pooled percentiles", "[aggregate]")
{
  const unit::TinyRun tiny;
  const RunTables tables = aggregate(tiny.layout, tiny.results);

  // Only truck and car have demand: no rows for bus or pedestrian.
  REQUIRE(tables.summary.size() == 2);
  const SummaryRow& truck = tables.summary[0];
  const SummaryRow& car = tables.summary[1];
  CHECK(truck.scenario == "tiny");
  CHECK(truck.crossing == "k");
  CHECK(truck.direction == "in");
  CHECK(truck.vehicle_class == "truck");
  CHECK(car.vehicle_class == "car");
  CHECK(truck.replications == 3);

  // Per day over the 2-day window: arrivals (100 + 110 + 90) / 3, departures (95 + 105 + 85) / 3.
  CHECK(truck.arrived_per_day == Approx(100));
  CHECK(truck.served_per_day == Approx(95));
  CHECK(car.arrived_per_day == Approx(300));
  CHECK(car.served_per_day == Approx(295));
  CHECK(car.diverted_out_per_day == Approx(10)); // (10 + 0 + 20) / 3
  CHECK(car.diverted_in_per_day == 0);

  // Mean waits 2.5, 7.5, 5 min: mean 5, s = 2.5, half-width t(2) 2.5 / sqrt(3).
  REQUIRE(truck.wait_mean_min);
  CHECK(*truck.wait_mean_min == Approx(5));
  CHECK(*truck.wait_mean_min_ci95 == Approx(4.3027 * 2.5 / std::sqrt(3.0)).epsilon(1e-4));
  // System times are the waits plus 10 min.
  CHECK(*truck.system_time_mean_min == Approx(15));
  CHECK(*truck.system_time_mean_min_ci95 == Approx(*truck.wait_mean_min_ci95));
  // Cars: 0.5 and 1.5 min, the second replication has no cohort and is left out: s = sqrt(0.5), n = 2.
  CHECK(*car.wait_mean_min == Approx(1));
  CHECK(*car.wait_mean_min_ci95 == Approx(12.7062 * std::sqrt(0.5) / std::sqrt(2.0)).epsilon(1e-4));

  // Pooled truck waits {60,120,120,180,240,300,480,600}: p95 = rank 8 = 600, whose bucket middle 602
  // ([512, 1024) in 4 s buckets) is capped at the maximum 600 -> 10 min; p50 = rank 4 = 180 -> 180.5 s
  // ([128, 256) in 1 s buckets), below the maximum so not capped. Per replication the p95s would be
  // 4, 10 and 8 min (see the key-metric test): pooling does not average them.
  CHECK(*truck.wait_p95_min == Approx(10));
  CHECK(*truck.wait_p50_min == Approx(180.5 / 60));
  CHECK(*truck.wait_max_min == Approx(10));
  // System times: the largest is 1200 s, bucket middle 1204 ([1024, 2048) in 8 s buckets), capped: 20 min.
  CHECK(*truck.system_time_p95_min == Approx(20));

  CHECK(truck.in_system_at_end == Approx(7)); // (5 + 7 + 9) / 3
  CHECK(truck.vehicles_measured == 8);        // 4 + 2 + 2 waits
  CHECK(car.vehicles_measured == 2);

  // Design capacity and bottleneck as worked out at kTinyCrossingYaml.
  REQUIRE(truck.design_capacity_per_day);
  CHECK(*truck.design_capacity_per_day == Approx(unit::kTinyTruckCapacity));
  CHECK(truck.bottleneck_stage == "entry");
  CHECK(*car.design_capacity_per_day == Approx(unit::kTinyCarCapacity));
  CHECK(car.bottleneck_stage == "exit");
}

TEST_CASE("aggregate: stage rows with utilisation, queues and waits", "[aggregate]")
{
  const unit::TinyRun tiny;
  const RunTables tables = aggregate(tiny.layout, tiny.results);
  REQUIRE(tables.stages.size() == 2);
  const StageRow& exit = tables.stages[0];
  const StageRow& entry = tables.stages[1];
  CHECK(exit.stage == "exit");
  CHECK(entry.stage == "entry");
  CHECK(exit.lanes == 3); // 2 truck lanes + 1 car lane
  CHECK(entry.lanes == 3);

  CHECK(exit.served == Approx(780));         // (780 + 760 + 800) / 3
  CHECK(exit.served_per_day == Approx(390)); // over 2 days
  CHECK(exit.open_lanes_mean == Approx(3));
  // Utilisation 0.5, 0.6, 0.7: mean 0.6, s = 0.1.
  REQUIRE(exit.utilization);
  CHECK(*exit.utilization == Approx(0.6));
  CHECK(*exit.utilization_ci95 == Approx(4.3027 * 0.1 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(*exit.blocked_share == Approx(0).margin(1e-12));
  // Queue 2, 4, 6 vehicles: mean 4, s = 2; 40, 80, 120 m: 0.08 km; maxima over the replications.
  CHECK(exit.queue_mean == Approx(4));
  CHECK(*exit.queue_mean_ci95 == Approx(4.3027 * 2 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(exit.queue_mean_km == Approx(0.08));
  CHECK(exit.queue_max == 30);
  CHECK(exit.queue_max_km == Approx(0.6));
  // Stage waits 1 and 2 min (the third replication has none); pooled p95 of {60, 120}: rank 2 = 120,
  // bucket middle 120.25 capped at 120 -> 2 min.
  CHECK(*exit.wait_mean_min == Approx(1.5));
  CHECK(*exit.wait_p95_min == Approx(2));

  // entry never opened: no utilisation or blocked share can be given (empty cells, not 0 or NaN).
  CHECK_FALSE(entry.utilization);
  CHECK_FALSE(entry.utilization_ci95);
  CHECK_FALSE(entry.blocked_share);
  CHECK(entry.open_lanes_mean == 0);
  CHECK(entry.queue_mean == Approx(99));
  CHECK(entry.queue_mean_ci95 == Approx(0).margin(1e-9));
  CHECK_FALSE(entry.wait_mean_min);
  CHECK_FALSE(entry.wait_p95_min);
}

TEST_CASE("aggregate: a waiting zone's occupancy, and the road's queue behind it", "[aggregate][waiting_zone]")
{
  std::string yaml = unit::kTinyCrossingYaml;
  const std::string exit_stage = "          - id: exit\n";
  yaml.insert(yaml.find(exit_stage) + exit_stage.size(), "            waiting_zone: {capacity: 1}\n");
  const Scenario scenario = unit::scenario_from_yaml(yaml);
  const RunLayout layout(scenario);
  std::vector<ReplicationResult> results = unit::tiny_results();
  // exit's queue of 2, 4, 6 vehicles: 1 in the zone, 1, 3, 5 on the road taking 20, 60, 100 m; the road's longest
  // 8, 28, 19 vehicles and 180, 580, 390 m.
  const std::vector<double> road_max{8, 28, 19}, road_m_max{180, 580, 390};
  for (std::size_t i = 0; i < results.size(); ++i) {
    ReplicationResult& r = results[i];
    StageTally& t = r.stages[0];
    t.zone_integral = r.window_s;
    t.road_integral = t.queue_integral - r.window_s;
    t.road_m_integral = t.queue_m_integral - 20 * r.window_s;
    t.road_max = road_max[i];
    t.road_m_max = road_m_max[i];
  }
  const RunTables tables = aggregate(layout, results);
  const StageRow& exit = tables.stages[0];
  REQUIRE(exit.zone_occupancy_mean);
  CHECK(*exit.zone_occupancy_mean == Approx(1));
  CHECK(*exit.zone_occupancy_mean_ci95 == Approx(0).margin(1e-9));
  CHECK(exit.road_queue_mean == Approx(3));
  CHECK(*exit.road_queue_mean_ci95 == Approx(4.3027 * 2 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(exit.road_queue_max == 28);
  CHECK(exit.road_queue_mean_km == Approx(0.06));
  CHECK(exit.road_queue_max_km == Approx(0.58));
  // entry has no zone: its occupancy is not defined (an empty cell), not 0.
  CHECK_FALSE(tables.stages[1].zone_occupancy_mean);
  CHECK_FALSE(tables.stages[1].zone_occupancy_mean_ci95);
}

TEST_CASE("aggregate: replication rows, classes then stages, each in replication order", "[aggregate]")
{
  const unit::TinyRun tiny;
  const RunTables tables = aggregate(tiny.layout, tiny.results);
  // 2 reported classes + 2 stages, 3 replications each.
  REQUIRE(tables.replications.size() == 12);
  const std::vector<std::string> level{"class", "class", "stage", "stage"};
  const std::vector<std::string> cls{"truck", "car", "", ""};
  const std::vector<std::string> stage{"", "", "exit", "entry"};
  for (std::size_t i = 0; i < 12; ++i) {
    const ReplicationRow& r = tables.replications[i];
    INFO("row " << i);
    CHECK(r.scenario == "tiny");
    CHECK(r.replication == 4 + static_cast<std::int64_t>(i % 3)); // the results' own numbers
    CHECK(r.level == level[i / 3]);
    CHECK(r.vehicle_class == cls[i / 3]);
    CHECK(r.stage == stage[i / 3]);
    CHECK(r.crossing == "k");
    CHECK(r.direction == "in");
  }
  // Counts stay counts here (not per day); waits in minutes; empty where a replication had no cohort.
  const ReplicationRow& truck2 = tables.replications[1];
  CHECK(*truck2.arrived == 220);
  CHECK(*truck2.served == 210);
  CHECK(*truck2.in_system_at_end == 7);
  CHECK(*truck2.wait_mean_min == Approx(7.5));
  CHECK(*truck2.system_time_mean_min == Approx(17.5));
  const ReplicationRow& car2 = tables.replications[4];
  CHECK(*car2.diverted_out == 0);
  CHECK_FALSE(car2.wait_mean_min);
  const ReplicationRow& exit3 = tables.replications[8];
  CHECK(*exit3.served == 800);
  CHECK(*exit3.queue_mean == Approx(6));
  CHECK(*exit3.utilization == Approx(0.7));
  CHECK_FALSE(exit3.wait_mean_min);
  CHECK_FALSE(tables.replications[9].utilization); // entry closed
  CHECK_FALSE(exit3.arrived);                       // class-level columns stay empty on stage rows
}

TEST_CASE("is_unstable: growth beyond 5% of the arrivals a day, and an interval that excludes zero", "[aggregate]")
{
  CHECK_FALSE(is_unstable(std::nullopt, std::nullopt, 100));
  CHECK_FALSE(is_unstable(1.3, 0.7, 100));   // 1.3% of the arrivals: demand rising through the window
  CHECK_FALSE(is_unstable(10, 11, 100));     // 10% but the interval includes 0
  CHECK(is_unstable(10, 4, 100));            // 10% and the interval excludes 0
  CHECK(is_unstable(10, std::nullopt, 100)); // one replication: the growth alone decides
  CHECK_FALSE(is_unstable(-50, 1, 100));     // a queue that shrinks (a warm-up too short) is not unstable
  CHECK_FALSE(is_unstable(5, 0.1, 100));     // exactly 5%: not beyond it
}
