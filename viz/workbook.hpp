// results.xlsx: one sheet per CSV file with typed cells, plus native Excel charts.
#pragma once

#include <cstddef>
#include <string>

namespace bordersim::viz {

struct WorkbookOptions {
  /// Data rows of a sheet before the file continues on the next, named "<name> cont. 2", "<name> cont. 3", ...:
  /// Excel's limit, less the header (tests set fewer).
  std::size_t data_rows_per_sheet = 1048575;
};

/// Reads only the documented output files in `results_dir` and writes `xlsx_path`.
void write_workbook(const std::string& results_dir, const std::string& xlsx_path, const WorkbookOptions& options = {});

} // namespace bordersim::viz
