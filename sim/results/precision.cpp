#include "sim/results/precision.hpp"

#include <algorithm>
#include <cmath>

#include "models/queueing_theory.hpp"
#include "sim/results/estimate.hpp"

namespace bordersim {

PrecisionVerdict judge_precision(const std::vector<MetricSeries>& metrics, const std::vector<std::string>& chosen, double gamma,
                                 int max_replications)
{
  PrecisionVerdict v;
  const double adjusted = gamma / (1 + gamma);
  for (const auto& m : metrics) {
    if (std::find(chosen.begin(), chosen.end(), m.key.metric) == chosen.end()) continue;
    const Estimate e = estimate(m.per_replication);
    if (e.n < 2 || !(std::fabs(e.mean) > 0)) continue;
    ++v.metrics_judged;
    const double sd = e.ci95 * std::sqrt(static_cast<double>(e.n)) / queueing::student_t_975(e.n - 1);
    const double relative = e.ci95 / std::fabs(e.mean);
    if (relative > v.worst_relative) {
      v.worst_relative = relative;
      v.worst_metric = m.key.crossing + "/" + m.key.direction + "/" + m.key.vehicle_class + (m.key.stage.empty() ? "" : "/" + m.key.stage) +
                       "/" + m.key.metric;
    }
    int needed = e.n;
    while (needed < max_replications &&
           queueing::student_t_975(needed - 1) * sd / std::sqrt(static_cast<double>(needed)) > adjusted * std::fabs(e.mean))
      ++needed;
    if (relative > adjusted) v.met = false;
    v.replications_needed = std::max(v.replications_needed, needed);
  }
  return v;
}

} // namespace bordersim
