// Everything the report draws, as one JSON document built from a results folder's documented files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "viz/report.hpp"
#include "viz/results_folder.hpp"
#include "viz/timeseries_digest.hpp"

namespace bordersim::viz {

/// A difference of comparison.csv with what ranks it, as `bordersim compare` ranks them
/// (sim/results/comparison.cpp, ranked_differences): significant first, then by relative change
/// |difference| / |reference value| (a change from 0, relative = infinity, first of all), then by |difference|.
struct RankedComparisonRow {
  std::size_t row;                          // in comparison.csv, header not counted
  std::optional<std::size_t> reference_row; // the reference scenario's row of the same key
  double relative;
  bool significant;
  double size; // |difference|
};
/// Every row of `comparison` that has a difference, ranked.
std::vector<RankedComparisonRow> rank_comparison(const CsvTable& comparison);

/// The JSON placed in the page's data island; report.js reads it. `generated_utc` is when the report is written.
std::string report_data_json(const ResultsFolder& folder, const ReportOptions& options, const std::string& generated_utc,
                             const DigestLimits& limits = {});

} // namespace bordersim::viz
