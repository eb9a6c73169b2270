#include "sim/results/implausibility.hpp"

#include <cmath>
#include <limits>

#include "sim/results/estimate.hpp"

namespace bordersim {

TargetScore score_target(const ObservationTarget& target, const std::vector<double>& per_replication)
{
  TargetScore s;
  const Estimate e = estimate(per_replication);
  if (e.n == 0) {
    s.simulated = s.simulated_ci95 = s.distance = std::numeric_limits<double>::quiet_NaN();
    s.implausibility = std::numeric_limits<double>::infinity();
    return s;
  }
  s.simulated = e.mean;
  s.simulated_ci95 = e.ci95;
  const double spread = e.n > 1 ? e.variance : 0; // s², the spread of one replication
  if (target.observed) s.distance = e.mean - *target.observed;
  else if (e.mean < *target.observed_low) s.distance = e.mean - *target.observed_low;
  else if (e.mean > *target.observed_high) s.distance = e.mean - *target.observed_high;
  s.variance = spread * (1 + 1.0 / e.n) + target.discrepancy * target.discrepancy + target.uncertainty * target.uncertainty;
  if (s.distance == 0) s.implausibility = 0;
  else s.implausibility = s.variance > 0 ? std::fabs(s.distance) / std::sqrt(s.variance) : std::numeric_limits<double>::infinity();
  return s;
}

} // namespace bordersim
