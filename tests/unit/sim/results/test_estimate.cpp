#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/results/estimate.hpp"

using namespace bordersim;

// Student-t 0.975 quantiles from a printed table: t(1) = 12.7062, t(2) = 4.3027, t(4) = 2.7764.

TEST_CASE("Estimate: mean and Student-t 95% half-width", "[estimate]")
{
  // {1..5}: mean 3, s^2 = (4 + 1 + 0 + 1 + 4) / 4 = 2.5; half-width t(4) s / sqrt(5).
  const Estimate e = estimate({1, 2, 3, 4, 5});
  CHECK(e.n == 5);
  CHECK(e.mean == Approx(3));
  CHECK(e.ci95 == Approx(2.7764 * std::sqrt(2.5) / std::sqrt(5.0)).epsilon(1e-4));
  // Equal values: no spread, a zero half-width.
  const Estimate flat = estimate({4, 4, 4});
  CHECK(flat.mean == Approx(4));
  CHECK(flat.ci95 == 0);
  // Two values 2 and 4: s = sqrt(2), half-width t(1) sqrt(2) / sqrt(2) = t(1).
  CHECK(estimate({2, 4}).ci95 == Approx(12.7062).epsilon(1e-4));
}

TEST_CASE("Estimate skips NaN values: one value has no interval, none has no mean", "[estimate]")
{
  const double nan = std::nan("");
  const Estimate e = estimate({nan, 2, nan, 4});
  CHECK(e.n == 2);
  CHECK(e.mean == Approx(3));
  CHECK(e.ci95 == Approx(12.7062).epsilon(1e-4)); // as {2, 4}
  const Estimate one = estimate({nan, 7});
  CHECK(one.n == 1);
  CHECK(one.mean == 7);
  CHECK(std::isnan(one.ci95));
  for (const auto& values : {std::vector<double>{}, std::vector<double>{nan, nan}}) {
    const Estimate none = estimate(values);
    CHECK(none.n == 0);
    CHECK(std::isnan(none.mean));
    CHECK(std::isnan(none.ci95));
  }
}

TEST_CASE("Paired difference b - a over the replications where both have a value", "[estimate]")
{
  const double nan = std::nan("");
  // Pairs 0, 1 and 4 count: differences {1, 2, 3}; 2 and 3 lack a value, and b's sixth has no partner.
  const Estimate d = paired_difference({1, 2, nan, 4, 10}, {2, 4, 5, nan, 13, 99});
  CHECK(d.n == 3);
  CHECK(d.mean == Approx(2));
  CHECK(d.ci95 == Approx(4.3027 * 1.0 / std::sqrt(3.0)).epsilon(1e-4)); // s = 1
  // The sign: b - a.
  CHECK(paired_difference({5}, {3}).mean == Approx(-2));
  CHECK(std::isnan(paired_difference({5}, {3}).ci95));
  // Pairing removes the common noise: a constant shift has a zero half-width although each series varies.
  const Estimate shift = paired_difference({10, 20, 30}, {11, 21, 31});
  CHECK(shift.mean == Approx(1));
  CHECK(shift.ci95 == Approx(0).margin(1e-12));
  CHECK(paired_difference({nan}, {1}).n == 0);
}
