// Which varied key moves which metric: one-at-a-time swings and Morris's elementary effects, from the key
// metrics of a sweep's points.
#pragma once

#include <string>
#include <vector>

#include "sim/output/output_rows.hpp"
#include "sim/results/key_metrics.hpp"

namespace bordersim {

/// Morris: a step from point `before` to point `after` that moved key `key` by `moved_by` (in units of its range).
struct ElementaryStep {
  std::size_t before = 0, after = 0;
  int key = 0;
  double moved_by = 0;
};

/// One-at-a-time: the points that vary key `key`, in the order of its levels (lowest first).
struct KeyLevels {
  int key = 0;
  std::vector<std::size_t> points;
};

/// Per key and metric: Morris's μ* (mean |elementary effect|, the `effect` column), μ (their mean) and σ (their
/// standard deviation: interactions and curvature). An effect is the metric's change per whole range of the key.
std::vector<SensitivityRow> morris_sensitivity(const std::vector<std::string>& keys, const std::vector<ElementaryStep>& steps,
                                               const std::vector<std::vector<MetricSeries>>& point_metrics);

/// Per key and metric: the swing from the key's lowest level to its highest, the others as in the scenario.
std::vector<SensitivityRow> oat_sensitivity(const std::vector<std::string>& keys, const std::vector<KeyLevels>& levels,
                                            const std::vector<std::vector<MetricSeries>>& point_metrics);

} // namespace bordersim
