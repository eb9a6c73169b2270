// The planner's report: one self-contained HTML file drawn from a results folder's documented files.
#pragma once

#include <string>

namespace bordersim::viz {

struct ReportOptions {
  double p95_wait_threshold_h = 2.0;  // rows above it are marked at risk (the reader can change it in the page)
  double utilization_threshold = 0.85; // rows whose bottleneck is busier are marked at risk
};

/// Reads only the documented output files in `results_dir` and writes `html_path`.
/// Throws std::runtime_error when the folder lacks what a report needs.
void write_report(const std::string& results_dir, const std::string& html_path, const ReportOptions& options = {});

} // namespace bordersim::viz
