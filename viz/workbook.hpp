// results.xlsx: one sheet per CSV file with typed cells, plus native Excel charts.
#pragma once

#include <string>

namespace bordersim::viz {

/// Reads only the documented output files in `results_dir` and writes `xlsx_path`.
void write_workbook(const std::string& results_dir, const std::string& xlsx_path);

} // namespace bordersim::viz
