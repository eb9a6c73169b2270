// The self-describing output folder: files are staged beside it and moved in only when the whole run
// succeeded, so a failed or refused run never leaves partial or overwritten results.
#pragma once

#include <string>
#include <vector>

#include "sim/output/csv_writer.hpp"

namespace bordersim {

/// Thrown when a folder already holds results and --force was not given (a usage error, exit 2).
struct OutputRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OutputFolder {
public:
  OutputFolder(std::string dir, bool force);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::string& dir() const { return dir_; }
  const std::string& staging_dir() const { return staging_; }
  /// Path of a file in the staging folder; `name` may hold one subfolder ("current/summary.csv").
  std::string staged(const std::string& name) const;

  template <class Row> void write_csv(const std::string& name, const std::vector<Row>& rows)
  {
    CsvWriter<Row> writer(staged(name), true);
    for (const auto& row : rows) writer.write(row);
    written_.push_back(name);
  }
  /// A header from Row, then the workers' part files in order; the parts are removed.
  template <class Row> void concatenate_csv(const std::string& name, const std::vector<std::string>& parts)
  {
    { CsvWriter<Row> header(staged(name), true); }
    append_parts(staged(name), parts);
    written_.push_back(name);
  }
  void write_text(const std::string& name, const std::string& content);
  /// For files others wrote into the staging folder; a file that was not written is skipped at commit.
  void mark_written(const std::string& name) { written_.push_back(name); }
  const std::vector<std::string>& written() const { return written_; }
  /// Moves the staged files into the folder (replacing older results under --force).
  void commit();

private:
  static void append_parts(const std::string& target, const std::vector<std::string>& parts);
  std::string dir_;
  std::string staging_;
  std::vector<std::string> written_;
  bool committed_ = false;
};

} // namespace bordersim
