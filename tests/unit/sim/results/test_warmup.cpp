#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/results/warmup.hpp"

using namespace bordersim;

TEST_CASE("MSER-5 cuts a start-up ramp and keeps a level series whole", "[warmup]")
{
  // 100 observations rising from 0 to 10, then 900 at 10 with a small alternating wobble: the start-up is the ramp.
  std::vector<double> series;
  for (int i = 0; i < 100; ++i) series.push_back(0.1 * i);
  for (int i = 0; i < 900; ++i) series.push_back(10 + (i % 2 ? 0.3 : -0.3));
  BatchMeans batches;
  for (double x : series) batches.add(x);
  const auto& z = batches.means();
  REQUIRE(z.size() == 200);
  CHECK(z[0] == Approx(0.2)); // (0 + 0.1 + 0.2 + 0.3 + 0.4) / 5
  const std::size_t cut = mser_truncation(z) * kMserBatch;
  INFO("cut at observation " << cut);
  CHECK(cut >= 85);
  CHECK(cut <= 100);
  // A level series has nothing to cut; a very short one neither.
  CHECK(mser_truncation(std::vector<double>(50, 3.0)) == 0);
  CHECK(mser_truncation(std::vector<double>{1.0}) == 0);
  BatchMeans seven;
  for (int i = 0; i < 7; ++i) seven.add(1.0);
  CHECK(seven.means().size() == 1); // the last, incomplete batch is left out
}
