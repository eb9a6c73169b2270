#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "models/distribution.hpp"

using namespace bordersim;

namespace {

/// Sample mean and variance against the exact ones. Tolerances are 4.5 standard errors (a false
/// alarm about once in 150,000 per check); the variance's standard error is estimated from the
/// sample's own squared deviations.
void check_moments(const Distribution& d, std::uint64_t seed)
{
  RandomStream stream(seed);
  const int n = 400000;
  std::vector<double> x(n);
  double sum = 0;
  for (auto& v : x) {
    v = d.sample(stream);
    REQUIRE(v >= 0);
    sum += v;
  }
  const double mean = sum / n;
  double m2 = 0;
  for (double v : x) m2 += (v - mean) * (v - mean);
  const double variance = m2 / (n - 1);
  double spread = 0;
  for (double v : x) spread += ((v - mean) * (v - mean) - variance) * ((v - mean) * (v - mean) - variance);
  const double variance_se = std::sqrt(spread / (n - 1) / n);
  INFO(d.kind_name() << ": mean " << mean << " vs " << d.mean() << ", variance " << variance << " vs " << d.variance());
  CHECK(std::fabs(mean - d.mean()) <= 4.5 * std::sqrt(d.variance() / n) + 1e-12);
  CHECK(std::fabs(variance - d.variance()) <= 4.5 * variance_se + 1e-12);
}

} // namespace

TEST_CASE("Every distribution's samples match its exact mean and variance", "[distribution]")
{
  check_moments(Distribution::exponential(60), 1);
  check_moments(Distribution::uniform(30, 120), 2);
  check_moments(Distribution::triangular(60, 90, 240), 3);
  check_moments(Distribution::triangular(60, 60, 240), 4);
  check_moments(Distribution::lognormal(600, 0.5), 5);
  check_moments(Distribution::erlang(3, 60), 6);
  check_moments(Distribution::erlang(400, 60), 7);
  check_moments(Distribution::empirical({60, 120, 600}, {5, 3, 2}), 8);
}

TEST_CASE("Exact moments", "[distribution]")
{
  CHECK(Distribution::deterministic(42).mean() == 42);
  CHECK(Distribution::deterministic(42).variance() == 0);
  CHECK(Distribution::exponential(60).variance() == 3600);
  CHECK(Distribution::uniform(0, 12).variance() == Approx(12.0));
  CHECK(Distribution::erlang(4, 60).variance() == Approx(900.0));
  CHECK(Distribution::lognormal(100, 0.5).variance() == Approx(2500.0));
  CHECK(Distribution::triangular(0, 0, 3).mean() == Approx(1.0));
  CHECK(Distribution::empirical({10, 20}, {}).mean() == Approx(15.0));
  CHECK(Distribution::empirical({10, 20}, {3, 1}).variance() == Approx(18.75));
}

TEST_CASE("Scaling multiplies the mean and keeps the shape", "[distribution]")
{
  const auto d = Distribution::lognormal(100, 0.5).scaled(2);
  CHECK(d.mean() == Approx(200));
  CHECK(d.variance() == Approx(10000));
  CHECK(Distribution::empirical({10, 20}, {}).scaled(3).mean() == Approx(45));
}

TEST_CASE("Invalid parameters are refused", "[distribution]")
{
  CHECK_THROWS_AS(Distribution::exponential(0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::exponential(-1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::uniform(5, 5), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::triangular(1, 5, 3), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal(10, 0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::erlang(0, 10), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::empirical({}, {}), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::empirical({1, 2}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::empirical({1, 2}, {0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::deterministic(std::nan("")), std::invalid_argument);
}

TEST_CASE("A lognormal's cv is bounded so that its samples stay finite", "[distribution]")
{
  // cv 1e200 squared is infinite: the underlying normal's sigma became NaN and so did every sample.
  CHECK_THROWS_AS(Distribution::lognormal(60, 1e200), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal(60, 10.5), std::invalid_argument);
  // At the bounds (cv 10, a 20-year mean) the largest normal variate the stream can give still yields a finite sample.
  const auto widest = Distribution::lognormal(7305 * 86400.0, 10);
  RandomStream stream(7);
  bool all_finite = true;
  for (int i = 0; i < 100000; ++i) all_finite = all_finite && std::isfinite(widest.sample(stream));
  CHECK(all_finite);
}
