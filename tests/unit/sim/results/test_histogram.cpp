#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/random_stream.hpp"
#include "sim/results/histogram.hpp"

using namespace bordersim;

TEST_CASE("Histogram quantiles are within the documented 0.4% of the exact ones", "[histogram]")
{
  RandomStream s(derive_stream_seed(1, 0, "hist"));
  std::vector<double> values;
  LogHistogram a, b;
  for (int i = 0; i < 100000; ++i) {
    const double v = i % 4 == 0 ? 0.0 : s.exponential(600.0);
    values.push_back(v);
    (i % 2 ? a : b).add(v);
  }
  a.merge(b);
  REQUIRE(a.count() == values.size());
  std::sort(values.begin(), values.end());
  for (double p : {0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999}) {
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    const double exact = values[rank - 1];
    INFO("p " << p << " exact " << exact << " histogram " << a.quantile(p));
    if (exact < LogHistogram::kFloor_s) CHECK(a.quantile(p) == 0.0);
    else CHECK(std::fabs(a.quantile(p) - exact) <= LogHistogram::kRelativeError * exact);
  }
}

TEST_CASE("Histograms survive the sparse round trip", "[histogram]")
{
  LogHistogram h;
  for (double v : {0.0, 1.0, 10.0, 10.0, 1e6, 1e9}) h.add(v);
  LogHistogram copy;
  copy.restore(h.zeros(), h.sparse());
  CHECK(copy.count() == h.count());
  CHECK(copy.quantile(0.5) == h.quantile(0.5));
  CHECK(copy.quantile(1.0) == h.quantile(1.0));
}

TEST_CASE("A histogram keeps only the range it has seen, and grows it either way without losing a count", "[histogram]")
{
  // Values added from the highest to the lowest, and a second histogram over a disjoint, lower range merged in:
  // every quantile must be the one a histogram fed in increasing order gives, bucket for bucket.
  std::vector<double> values;
  for (int k = 0; k < 4000; ++k) values.push_back(3600.0 * std::pow(0.995, k)); // 1 h down to about 7 s
  LogHistogram falling, rising, low, both;
  for (double v : values) falling.add(v);
  for (auto it = values.rbegin(); it != values.rend(); ++it) rising.add(*it);
  for (double v : {0.002, 0.01, 0.5}) {
    low.add(v);
    rising.add(v);
  }
  both = falling;
  both.merge(low);
  CHECK(both.sparse() == rising.sparse());
  for (double p : {0.0001, 0.001, 0.01, 0.5, 0.99, 1.0}) CHECK(both.quantile(p) == rising.quantile(p));
  // The sparse form names buckets absolutely, whatever range each histogram keeps.
  LogHistogram copy;
  copy.restore(both.zeros(), both.sparse());
  CHECK(copy.sparse() == both.sparse());
  CHECK(copy.sparse().front().first > 0);
  CHECK(copy.quantile(0.5) == both.quantile(0.5));
  LogHistogram empty;
  empty.merge(LogHistogram{});
  CHECK(empty.sparse().empty());
  empty.restore(0, {});
  CHECK(empty.count() == 0);
}

TEST_CASE("A replication counts a bucket in 32 bits, pooling in 64, and 32 bits never wrap silently", "[histogram]")
{
  // Two replications' histograms, each with a bucket near the 32-bit limit (set through the sparse form, as a
  // result part carries them): pooled in 64 bits they add up; pooled in 32 they are refused, not wrapped.
  const std::uint64_t near_limit = LogHistogram::kMaxBucketCount - 5;
  LogHistogram one;
  one.add(60.0);
  auto sparse = one.sparse();
  sparse.front().second = near_limit;
  LogHistogram a, b;
  a.restore(0, sparse);
  b.restore(0, sparse);
  PooledLogHistogram pooled;
  pooled.merge(a);
  pooled.merge(b);
  CHECK(pooled.count() == 2 * near_limit);
  CHECK(pooled.sparse().front().second == 2 * near_limit);
  CHECK(pooled.quantile(0.5) == one.quantile(0.5));
  CHECK_THROWS_AS(a.merge(b), std::overflow_error);
  // Adding past the limit one value at a time is refused too.
  for (int k = 0; k < 5; ++k) b.add(60.0);
  CHECK_THROWS_AS(b.add(60.0), std::overflow_error);
}
