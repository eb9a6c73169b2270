#include "models/lane_failures.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace bordersim;

TEST_CASE("Availability of a lane is MTBF / (MTBF + MTTR), whatever the repair distribution", "[failures]")
{
  CHECK(LaneFailures{72 * 3600.0, Distribution::exponential(8 * 3600.0)}.availability() == Approx(0.9));
  CHECK(LaneFailures{9 * 3600.0, Distribution::uniform(0, 2 * 3600.0)}.availability() == Approx(0.9));
}

TEST_CASE("Working lanes: the fewer of the open lanes and the booths not broken", "[failures]")
{
  CHECK(working_lanes(4, 4, 0) == 4);
  CHECK(working_lanes(4, 4, 1) == 3);
  CHECK(working_lanes(2, 4, 1) == 2); // a crew moves to a sound booth
  CHECK(working_lanes(2, 4, 3) == 1);
  CHECK(working_lanes(0, 4, 2) == 0);
  CHECK(working_lanes(6, 4, 1) == 5); // an event's extra booths do not break
}

TEST_CASE("Expected working lanes is the mean of working_lanes over independent lanes", "[failures]")
{
  for (int n : {1, 3, 6}) {
    for (int open = 0; open <= n + 2; ++open) {
      for (double a : {0.0, 0.5, 0.9, 1.0}) {
        // Brute force over the 2^n up/down patterns.
        double mean = 0;
        for (int pattern = 0; pattern < (1 << n); ++pattern) {
          int broken = 0;
          double p = 1;
          for (int lane = 0; lane < n; ++lane) {
            const bool down = (pattern >> lane) & 1;
            broken += down;
            p *= down ? 1 - a : a;
          }
          mean += p * working_lanes(open, n, broken);
        }
        INFO("lanes " << n << " open " << open << " availability " << a);
        CHECK(expected_working_lanes(open, n, a) == Approx(mean).margin(1e-12));
      }
    }
  }
  CHECK(expected_working_lanes(4, 4, 0.9) == Approx(3.6));
}
