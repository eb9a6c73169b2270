// How far a simulated metric is from an observation, in the units of history matching: the implausibility
// (Vernon, Goldstein et al.) and the standardised error that the refinement minimises. See docs/calibration.md.
#pragma once

#include <vector>

#include "models/calibration.hpp"

namespace bordersim {

struct TargetScore {
  double simulated = 0;     // mean over replications; NaN when no replication has a value
  double simulated_ci95 = 0; // its Student-t 95% half-width; NaN with one replication
  double distance = 0;      // simulated - observed, or to the nearer end of an observed range (0 inside it)
  double variance = 0;      // σ²_sim + discrepancy² + uncertainty²
  double implausibility = 0; // |distance| / sqrt(variance); +inf when the metric has no value
};

/// Scores one target from its metric's value per replication. σ²_sim = s²(1 + 1/R): the world gave one
/// realisation, as spread as one replication, and the simulated value is a mean of R.
TargetScore score_target(const ObservationTarget& target, const std::vector<double>& per_replication);

/// A point is plausible when its largest implausibility over the fitted targets is at most `cutoff`.
inline constexpr double kImplausibilityCutoff = 3.0;

} // namespace bordersim
