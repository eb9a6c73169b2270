#include <catch2/catch.hpp>

#include <cmath>

#include "sim/results/sensitivity.hpp"

using namespace bordersim;

namespace {

/// One point's metrics: one metric whose replications are all `value`.
std::vector<MetricSeries> point(double value) { return {MetricSeries{{"x", "in", "car", "wait_mean_min", {}}, "min", {value, value}}}; }

} // namespace

TEST_CASE("Morris: mu*, mu and sigma of the elementary effects by hand, and a key that moves nothing ranks last", "[sensitivity]")
{
  // Two trajectories over keys a and b, each step half the range. Trajectory 1: y 1 -> 3 (a) -> 3 (b): effects a 4, b 0.
  // Trajectory 2: y 2 -> 1 (a) -> 1.5 (b): effects a -2, b 1.
  const std::vector<std::vector<MetricSeries>> metrics{point(1), point(3), point(3), point(2), point(1), point(1.5)};
  const std::vector<ElementaryStep> steps{{0, 1, 0, 0.5}, {1, 2, 1, 0.5}, {3, 4, 0, 0.5}, {4, 5, 1, 0.5}};
  const auto rows = morris_sensitivity({"a", "b"}, steps, metrics);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].key == "a");
  CHECK(*rows[0].effect == Approx(3));            // (|4| + |-2|) / 2
  CHECK(*rows[0].mu == Approx(1));                // (4 - 2) / 2
  CHECK(*rows[0].sigma == Approx(std::sqrt(18))); // sd of {4, -2}
  CHECK(rows[0].steps == 2);
  CHECK(rows[0].rank == 1);
  CHECK(*rows[1].effect == Approx(0.5));
  CHECK(*rows[1].sigma == Approx(std::sqrt(0.5)));
  CHECK(rows[1].rank == 2);
  // A key that never moves the metric: effect 0, and keys tied at 0 share the last rank.
  const std::vector<std::vector<MetricSeries>> flat{point(2), point(5), point(5), point(5)};
  const auto tied = morris_sensitivity({"a", "b", "c"}, {{0, 1, 0, 1.0}, {1, 2, 1, 1.0}, {2, 3, 2, 1.0}}, flat);
  REQUIRE(tied.size() == 3);
  CHECK(*tied[0].effect == Approx(3));
  CHECK(tied[0].rank == 1);
  CHECK(*tied[1].effect == 0);
  CHECK(tied[1].rank == 2);
  CHECK(tied[2].rank == 2);
}

TEST_CASE("One at a time: the swing from a key's lowest level to its highest", "[sensitivity]")
{
  // Point 0 the base; key a at points 1, 2, 3 (y 4, 2, 1); key b at points 4, 5 (y 3, 3.5).
  const std::vector<std::vector<MetricSeries>> metrics{point(3), point(4), point(2), point(1), point(3), point(3.5)};
  const auto rows = oat_sensitivity({"a", "b"}, {{0, {1, 2, 3}}, {1, {4, 5}}}, metrics);
  REQUIRE(rows.size() == 2);
  CHECK(*rows[0].effect == Approx(-3));
  CHECK(rows[0].steps == 2);
  CHECK(rows[0].rank == 1);
  CHECK(*rows[1].effect == Approx(0.5));
  CHECK_FALSE(rows[1].sigma);
  CHECK(rows[1].rank == 2);
}
