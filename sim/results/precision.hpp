// Replications to a precision: Law and Kelton's relative-precision procedure (Simulation Modeling and Analysis,
// section 9.4.1). With n replications of a metric, mean X and standard deviation S, the relative half-width is
// t(n-1, 0.975) S / sqrt(n) / |X|; it is met when at most gamma' = gamma / (1 + gamma), which makes the actual relative
// error at most gamma. Otherwise the replications needed are estimated as the least i >= n with
// t(i-1, 0.975) S / sqrt(i) <= gamma' |X|, run, and the test repeated.
#pragma once

#include <string>
#include <vector>

#include "sim/results/key_metrics.hpp"

namespace bordersim {

struct PrecisionVerdict {
  bool met = true;
  double worst_relative = 0; // the largest relative half-width of the chosen metrics
  std::string worst_metric;  // "crossing/direction/class/metric" of it
  int replications_needed = 0;
  int metrics_judged = 0; // chosen metrics with a non-zero mean (a metric of mean 0 has no relative precision)
};

/// Judges the metrics named in `chosen` (by metric name, e.g. "wait_mean_min") against relative precision `gamma`.
PrecisionVerdict judge_precision(const std::vector<MetricSeries>& metrics, const std::vector<std::string>& chosen, double gamma,
                                 int max_replications);

} // namespace bordersim
