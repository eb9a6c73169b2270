// Lane breakdowns: each lane of a group fails and is repaired on its own, and what that leaves open.
#pragma once

#include <algorithm>
#include <cmath>

#include "models/distribution.hpp"

namespace bordersim {

/// The scenario key `lanes[].failures`. The failure model, which the simulator, the load estimate and
/// queueing_theory.hpp's mm1_breakdowns_mean_wait_s share:
/// - time-based (wall-clock) failures: each lane's up-time is exponential with mean `mtbf_s`, counted on the
///   clock whatever the lane does (serving, idle, closed by its hours or an event); then a repair drawn from
///   `repair`; then up again. Lanes fail independently of each other and of the traffic;
/// - preemptive resume: a vehicle in service when its lane fails stays on the lane, and the rest of its service
///   continues when the lane is repaired (its service time then includes the repair);
/// - a broken lane serves nobody; the lanes able to serve are the fewer of what hours and events leave open and
///   the lanes not broken (working_lanes): a crew moves to a sound booth when one is free.
/// So in the long run each lane is up a share availability() = MTBF / (MTBF + MTTR) of the time, whatever the
/// repair distribution (an alternating renewal process).
struct LaneFailures {
  double mtbf_s = 0;  // mean up-time of one lane
  Distribution repair; // time to repair one lane

  double availability() const { return mtbf_s / (mtbf_s + repair.mean()); }
};

/// Lanes of a group able to serve: `open_lanes` (hours and events, see apply_changes) but no more than the booths
/// not broken, of its `lane_count` (or of the more an event opens: extra booths, which do not break). Without
/// breakdowns it is `open_lanes`.
inline int working_lanes(int open_lanes, int lane_count, int broken)
{
  return std::min(open_lanes, std::max(open_lanes, lane_count) - broken);
}

/// The long-run mean of working_lanes when each of `lane_count` lanes is up with probability `availability`,
/// independently: E[min(open, lane_count - B)] with B ~ Binomial(lane_count, 1 - availability). It is
/// open - lane_count * (1 - availability) when every lane is open (lane_count * availability without extra booths),
/// and more than open * availability when fewer are (a broken lane may be one not needed).
inline double expected_working_lanes(int open_lanes, int lane_count, double availability)
{
  if (open_lanes <= 0) return 0;
  if (availability >= 1) return open_lanes;
  if (open_lanes >= lane_count) return open_lanes - lane_count * (1 - availability);
  // The sum over k = 1..open of P(lanes up >= k); the binomial pmf in logarithms, which do not underflow.
  const double a = std::clamp(availability, 0.0, 1.0);
  if (a <= 0) return 0;
  const double n = lane_count;
  double below = 0; // P(up < k)
  double mean = 0;
  for (int k = 1; k <= open_lanes; ++k) {
    const double j = k - 1;
    below += std::exp(std::lgamma(n + 1) - std::lgamma(j + 1) - std::lgamma(n - j + 1) + j * std::log(a) + (n - j) * std::log1p(-a));
    mean += std::max(0.0, 1 - below);
  }
  return mean;
}

} // namespace bordersim
