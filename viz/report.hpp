// The planner's report: one self-contained HTML file drawn from a results folder's documented files.
#pragma once

#include <string>

namespace bordersim::viz {

struct ReportOptions {
  double p95_wait_threshold_h = 2.0;  // rows above it are marked at risk (the reader can change it in the page)
  double utilization_threshold = 0.85; // rows whose bottleneck is busier are marked at risk
};

/// The report's page, from only the documented output files in `results_dir`.
/// Throws std::runtime_error when the folder lacks what a report needs.
std::string report_html(const std::string& results_dir, const ReportOptions& options = {});

/// report_html written to `html_path`; also throws std::system_error when the file cannot be written.
void write_report(const std::string& results_dir, const std::string& html_path, const ReportOptions& options = {});

} // namespace bordersim::viz
