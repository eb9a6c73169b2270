// Reads RFC 4180 CSV files back (baselines), with the line of each record for messages.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace bordersim {

struct CsvRecord {
  int line = 0;
  std::map<std::string, std::string> fields;
  const std::string& at(const std::string& column) const;
};

/// Throws std::runtime_error("file:line:col: message") on malformed input.
std::vector<CsvRecord> read_csv_file(const std::string& path, const std::vector<std::string>& required_columns);

} // namespace bordersim
