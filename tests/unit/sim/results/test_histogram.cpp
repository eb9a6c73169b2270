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
