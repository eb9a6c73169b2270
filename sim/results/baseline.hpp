// Capacity regression: a baseline holds the key metrics with their intervals and the run options it was
// made with; a check reruns with those options and flags every metric that moved beyond its tolerance.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/results/key_metrics.hpp"
#include "sim/output/output_rows.hpp"

namespace bordersim {

struct BaselineOptions {
  std::string scenario;
  std::string horizon; // durations as text, e.g. "28d"
  std::string warmup;
  int replications = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> sets; // --set overrides the baseline was made with
  /// As overrides, to reproduce the run: the recorded sets, then the simulation options.
  std::vector<std::string> as_overrides() const;
};

struct Baseline {
  BaselineOptions options;
  std::vector<BaselineRow> metrics;
};

std::vector<BaselineRow> baseline_rows(const BaselineOptions& options, const std::vector<MetricSeries>& metrics);
/// Throws std::runtime_error("file:line:col: message").
Baseline read_baseline(const std::string& path);

struct CheckResult {
  struct Line {
    std::string key, unit;
    double baseline = 0, now = 0, tolerance = 0;
    bool moved = false;
    bool missing = false;
  };
  std::vector<Line> lines;
  int moved = 0;
};

/// A metric moved when |now - baseline| exceeds the combined 95% half-widths, sqrt(ci_b^2 + ci_n^2):
/// the tolerance follows from the replications, not from a fixed percentage.
CheckResult check_metrics(const Baseline& baseline, const std::vector<MetricSeries>& now);
std::string check_table(const CheckResult& result);

} // namespace bordersim
