// Comparing scenarios run with common random numbers: each scenario's value, its difference from the
// first scenario, the paired 95% interval of that difference, and whether it is significant.
#pragma once

#include <string>
#include <vector>

#include "sim/results/key_metrics.hpp"
#include "sim/output/output_rows.hpp"

namespace bordersim {

struct ScenarioMetrics {
  std::string scenario;
  std::vector<MetricSeries> metrics;
};

/// `significant` is "yes" or "no" by the paired interval; without one (one replication) "unknown", unless the
/// difference is exactly 0 ("no").
std::vector<ComparisonRow> compare_scenarios(const std::vector<ScenarioMetrics>& scenarios);

/// A difference of comparison.csv with what ranks it: significant ones first, then by relative change
/// |difference| / |reference value| (a change from 0 first of all), then by absolute size.
struct RankedDifference {
  const ComparisonRow* row;
  std::optional<double> reference_value;
  double relative;
};
/// Points into `rows`, which must outlive the result.
std::vector<RankedDifference> ranked_differences(const std::vector<ComparisonRow>& rows);

/// The `max_rows` highest-ranked significant differences as a table for the terminal, then how many more there
/// are and where they are.
std::string comparison_table(const std::vector<ComparisonRow>& rows, std::size_t max_rows = 20);

} // namespace bordersim
