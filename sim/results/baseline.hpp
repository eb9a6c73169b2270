// Capacity regression: a baseline holds the key metrics with their intervals and the run options it was
// made with; a check reruns with those options and flags every metric that moved beyond its tolerance.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/formats/input_file.hpp"
#include "sim/output/output_rows.hpp"
#include "sim/results/key_metrics.hpp"

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

/// The most read of a baseline file: the whole network's is about 20 kB.
inline constexpr std::uint64_t kMaxBaselineBytes = 64 * kMiB;

std::vector<BaselineRow> baseline_rows(const BaselineOptions& options, const std::vector<MetricSeries>& metrics);
/// Reads and validates every field: the run options (horizon, warmup, replications >= 2, a seed read exactly),
/// finite values, half-widths from 0 to 1e6 x max(1, |value|), whole numbers of replications. Throws
/// std::runtime_error with every problem, one per line, as "file:line:col: column: message".
Baseline read_baseline(const std::string& path);

/// What fails a check: a metric that moved the worse way (the default), or any that moved. A metric missing
/// now, or new now (a crossing, stage or class that appeared), fails either way: the baseline no longer
/// describes the scenario.
enum class FailOn { worse, change };

struct CheckResult {
  /// same: within the tolerance; better, worse: beyond it, the way better_direction says; changed: beyond it, a
  /// metric neither better nor worse (utilisation).
  enum class Verdict { same, better, worse, changed, missing, appeared };
  struct Line {
    std::string key, unit;
    double baseline = 0, now = 0, tolerance = 0;
    Verdict verdict = Verdict::same;
    bool fails = false;
  };
  std::vector<Line> lines; // the baseline's metrics in its order, then those new now
  int changed = 0;         // lines not "same"
  int failed = 0;          // lines that fail the check
};

/// A metric moved when |now - baseline| exceeds the combined 95% half-widths, sqrt(ci_b^2 + ci_n^2):
/// the tolerance follows from the replications, not from a fixed percentage.
CheckResult check_metrics(const Baseline& baseline, const std::vector<MetricSeries>& now, FailOn fail_on = FailOn::worse);
std::string_view verdict_name(CheckResult::Verdict verdict);
/// The lines not "same", then a count of each verdict and of the lines that fail.
std::string check_table(const CheckResult& result, FailOn fail_on = FailOn::worse);

} // namespace bordersim
