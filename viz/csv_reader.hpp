// Reads the RFC 4180 files of a results folder row by row, with columns found by name.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bordersim::viz {

/// Streams records from a CSV file with a header row (quoted fields, CRLF or LF line ends).
class CsvReader {
public:
  /// Throws std::runtime_error when the file cannot be opened or has no header.
  explicit CsvReader(const std::string& path);
  const std::vector<std::string>& header() const { return header_; }
  std::optional<std::size_t> column(std::string_view name) const;
  /// Reads the next record into `fields`; false at the end of the file.
  bool next(std::vector<std::string>& fields);

private:
  int get();
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  std::vector<std::string> header_;
  std::string path_;
};

/// A whole (small) CSV file in memory.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::optional<std::size_t> column(std::string_view name) const;
  /// The cell of `row` in column `name`, or "" when the column is absent.
  const std::string& cell(std::size_t row, std::string_view name) const;
  /// The cell as a number, or nothing when the column is absent, the cell empty or not a number.
  std::optional<double> number(std::size_t row, std::string_view name) const;
};

CsvTable read_csv_table(const std::string& path);

/// The whole field as a finite number ("1.5", "-3e-4"); nothing for "", text or partial numbers.
std::optional<double> parse_number(std::string_view field);

} // namespace bordersim::viz
