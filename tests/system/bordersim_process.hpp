// Runs the built bordersim binary as a user would, and reads its CSV outputs back.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace bordersim::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs bordersim with the given arguments (no shell involved).
ProcessResult run_bordersim(const std::vector<std::string>& args);

/// A fresh empty folder under the system temp dir, removed when the object goes.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::string write(const std::string& name, const std::string& content) const;

private:
  std::string path_;
};

using CsvRecord = std::map<std::string, std::string>;
/// Reads an RFC 4180 file with a header into records keyed by column name.
std::vector<CsvRecord> read_csv(const std::string& path);
std::vector<std::string> read_csv_header(const std::string& path);
double number(const CsvRecord& record, const std::string& column);
std::string read_text(const std::string& path);
/// Records whose columns equal the given values.
std::vector<CsvRecord> select(const std::vector<CsvRecord>& records, const std::map<std::string, std::string>& where);

std::string source_path(const std::string& relative);

} // namespace bordersim::testing
