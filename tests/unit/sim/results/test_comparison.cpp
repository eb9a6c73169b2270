#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "sim/results/comparison.hpp"

using namespace bordersim;

// t(0.975, 2) = 4.3027 from a printed table; 4.3027 / sqrt(3) = 2.4841.

namespace {
MetricSeries series(const char* cls, const char* metric, const char* unit, std::vector<double> values)
{
  return {{"k", "in", cls, metric, {}}, unit, std::move(values)};
}

// today -> rebuilt, per metric:
//  A truck wait_mean_min {10,12,14} -> {7,8,12}: differences {-3,-4,-2}, mean -3, s 1, +-2.4841: significant;
//  B all queue_mean {5,5,5} -> {5.5,4,6}: differences {0.5,-1,1}, mean 1/6, s = sqrt(13/12): not significant;
//  E truck served_per_day {3} -> {3}: one replication, difference 0, no interval: not significant;
//  F car served_per_day {3} -> {5}: one replication, difference 2, no interval: not "yes";
//  G car wait_mean_min {1,2,3} -> {2,3,4}: a constant shift of 1, half-width 0: significant;
//  D bus wait_mean_min only in rebuilt {1,2,3}: a value, no difference.
std::vector<ScenarioMetrics> two_scenarios()
{
  return {{"today",
           {series("truck", "wait_mean_min", "min", {10, 12, 14}), series("all", "queue_mean", "vehicles", {5, 5, 5}),
            series("truck", "served_per_day", "vehicles/day", {3}), series("car", "served_per_day", "vehicles/day", {3}),
            series("car", "wait_mean_min", "min", {1, 2, 3})}},
          {"rebuilt",
           {series("bus", "wait_mean_min", "min", {1, 2, 3}), series("car", "wait_mean_min", "min", {2, 3, 4}),
            series("car", "served_per_day", "vehicles/day", {5}), series("truck", "served_per_day", "vehicles/day", {3}),
            series("all", "queue_mean", "vehicles", {5.5, 4, 6}), series("truck", "wait_mean_min", "min", {7, 8, 12})}}};
}
} // namespace

TEST_CASE("compare_scenarios: values, paired differences and significance", "[comparison]")
{
  const auto rows = compare_scenarios(two_scenarios());
  // Keys in order of first appearance (today's A, B, E, F, G, then rebuilt's D), each with both scenarios.
  REQUIRE(rows.size() == 12);
  const std::vector<std::string> metric{"wait_mean_min", "queue_mean", "served_per_day", "served_per_day", "wait_mean_min",
                                        "wait_mean_min"};
  const std::vector<std::string> cls{"truck", "all", "truck", "car", "car", "bus"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i);
    CHECK(rows[i].metric == metric[i / 2]);
    CHECK(rows[i].vehicle_class == cls[i / 2]);
    CHECK(rows[i].scenario == (i % 2 ? "rebuilt" : "today"));
    if (i % 2 == 0) { // the reference scenario has no difference
      CHECK_FALSE(rows[i].difference);
      CHECK(rows[i].significant.empty());
    }
  }
  // A
  CHECK(rows[0].unit == "min");
  CHECK(*rows[0].value == Approx(12));
  CHECK(*rows[0].value_ci95 == Approx(4.3027 * 2 / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(*rows[1].value == Approx(9));
  CHECK(*rows[1].difference == Approx(-3));
  CHECK(*rows[1].difference_ci95 == Approx(2.4841).epsilon(1e-4));
  CHECK(rows[1].significant == "yes");
  // B
  CHECK(*rows[3].difference == Approx(1.0 / 6));
  CHECK(*rows[3].difference_ci95 == Approx(4.3027 * std::sqrt(13.0 / 12) / std::sqrt(3.0)).epsilon(1e-4));
  CHECK(rows[3].significant == "no");
  // E and F: one replication
  CHECK(*rows[5].difference == 0);
  CHECK_FALSE(rows[5].difference_ci95);
  CHECK(rows[5].significant == "no");
  CHECK(*rows[7].difference == Approx(2));
  CHECK_FALSE(rows[7].difference_ci95);
  // Without an interval a nonzero difference is neither "yes" nor "no" (docs/outputs/comparison.md).
  CHECK(rows[7].significant == "unknown");
  // G: common random numbers make a constant shift certain
  CHECK(*rows[9].difference == Approx(1));
  CHECK(*rows[9].difference_ci95 == Approx(0).margin(1e-12));
  CHECK(rows[9].significant == "yes");
  // D: absent from the reference
  CHECK_FALSE(rows[10].value);
  CHECK(*rows[11].value == Approx(2));
  CHECK_FALSE(rows[11].difference);
  CHECK(rows[11].significant.empty());
}

TEST_CASE("compare_scenarios: every difference is from the first scenario", "[comparison]")
{
  auto scenarios = two_scenarios();
  scenarios.push_back({"third", {series("truck", "wait_mean_min", "min", {4, 6, 8})}});
  const auto rows = compare_scenarios(scenarios);
  REQUIRE(rows.size() == 18); // 6 keys x 3 scenarios
  CHECK(rows[2].scenario == "third");
  // {4,6,8} - {10,12,14} = -6 each time (from rebuilt it would be {-3,-2,-4}).
  CHECK(*rows[2].difference == Approx(-6));
  CHECK(rows[2].significant == "yes");
  CHECK_FALSE(rows[5].value); // third has no queue_mean
  CHECK_FALSE(rows[5].difference);
}

TEST_CASE("comparison_table lists the significant differences only, largest relative change first", "[comparison]")
{
  const auto rows = compare_scenarios(two_scenarios());
  const std::string table = comparison_table(rows);
  // Significant: A (12 -> 9 min, -3 +- 2.484, -25%) and G (2 -> 3 min, 1 +- 0, +50%); five rows have a difference.
  CHECK_THAT(table, Catch::Contains("2 of 5 differences are significant at 95%\n"));
  CHECK_THAT(table, Catch::Contains("-3 ± 2.484") && Catch::Contains("-25% min"));
  CHECK_THAT(table, Catch::Contains("1 ± 0") && Catch::Contains("+50% min"));
  CHECK(table.find("+50%") < table.find("-25%"));        // G's larger relative change first
  CHECK_THAT(table, !Catch::Contains("queue_mean"));     // B is not significant
  CHECK_THAT(table, !Catch::Contains("served_per_day")); // nor E, nor the undecided F
  // A line per significant difference, plus the header and the count.
  CHECK(std::count(table.begin(), table.end(), '\n') == 4);

  const std::string cut = comparison_table(rows, 1);
  CHECK_THAT(cut, Catch::Contains("2 of 5 differences are significant at 95%: the 1 largest relative changes are shown; all 2 "
                                  "are in comparison.csv"));
  CHECK_THAT(cut, Catch::Contains("+50%") && !Catch::Contains("-25%"));
  CHECK(std::count(cut.begin(), cut.end(), '\n') == 3);
}

TEST_CASE("ranked_differences: significant first, then relative change, a change from 0 on top", "[comparison]")
{
  const std::vector<ScenarioMetrics> scenarios{
      {"today",
       {series("truck", "wait_mean_min", "min", {100, 100, 100}), series("car", "wait_mean_min", "min", {0, 0, 0}),
        series("bus", "wait_mean_min", "min", {10, 20, 30}), series("truck", "served_per_day", "vehicles/day", {50, 50, 50})}},
      {"rebuilt",
       {series("truck", "wait_mean_min", "min", {90, 90, 90}), series("car", "wait_mean_min", "min", {1, 1, 1}),
        series("bus", "wait_mean_min", "min", {30, 10, 20}), series("truck", "served_per_day", "vehicles/day", {75, 75, 75})}}};
  const auto rows = compare_scenarios(scenarios); // the ranking points into them
  const auto ranked = ranked_differences(rows);
  REQUIRE(ranked.size() == 4);
  // car 0 -> 1 (from 0), truck served +50%, truck wait -10%, then bus (not significant: {20,-10,-10}).
  CHECK(ranked[0].row->vehicle_class == "car");
  CHECK(std::isinf(ranked[0].relative));
  CHECK(ranked[1].row->metric == "served_per_day");
  CHECK(ranked[1].relative == Approx(0.5));
  CHECK(*ranked[1].reference_value == Approx(50));
  CHECK(ranked[2].row->metric == "wait_mean_min");
  CHECK(ranked[2].relative == Approx(0.1));
  CHECK(ranked[3].row->vehicle_class == "bus");
  CHECK(ranked[3].row->significant == "no");
  CHECK_THAT(comparison_table(compare_scenarios(scenarios)), Catch::Contains("from 0"));
}

// A middle scenario without a difference for the key (it lacks the metric, or has no value in any replication)
// once stood in for the reference: the third scenario's line read "(from - min)".
TEST_CASE("comparison_table states the change from the first scenario's value", "[comparison]")
{
  const double nan = std::nan("");
  const std::vector<ScenarioMetrics> scenarios{{"today", {series("truck", "wait_mean_min", "min", {10, 12, 14})}},
                                               {"closed", {series("truck", "wait_mean_min", "min", {nan, nan, nan})}},
                                               {"rebuilt", {series("truck", "wait_mean_min", "min", {7, 8, 12})}}};
  const std::string table = comparison_table(compare_scenarios(scenarios));
  // rebuilt - today = {-3, -4, -2}: -3 +- 2.484, significant, from 12 min (not from closed's nothing) to 9.
  CHECK_THAT(table, Catch::Contains("12            9") && Catch::Contains("-3 ± 2.484") && Catch::Contains("-25%"));
}
