// Everything the report draws, as one JSON document built from a results folder's documented files.
#pragma once

#include <string>

#include "viz/report.hpp"
#include "viz/results_folder.hpp"
#include "viz/timeseries_digest.hpp"

namespace bordersim::viz {

/// The JSON placed in the page's data island; report.js reads it. `generated_utc` is when the report is written.
std::string report_data_json(const ResultsFolder& folder, const ReportOptions& options, const std::string& generated_utc,
                             const DigestLimits& limits = {});

} // namespace bordersim::viz
