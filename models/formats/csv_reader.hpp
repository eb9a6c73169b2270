// Reads RFC 4180 CSV files back: row by row (large files such as timeseries.csv), or whole (small ones), with
// columns found by name. Every error is a std::runtime_error("file:line:col: message").
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bordersim {

/// Streams the records of a CSV file whose first record is the header (quoted fields, CRLF, LF or CR line ends).
class CsvReader {
public:
  /// Throws when the file cannot be read or is empty.
  explicit CsvReader(const std::string& path);
  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  std::optional<std::size_t> column(std::string_view name) const;
  /// Reads the next record into `fields`; false at the end of the file. A blank line is one empty field.
  bool next(std::vector<std::string>& fields);
  /// The line on which the record last read starts (the header is on line 1).
  int line() const { return record_line_; }

private:
  int get();
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  std::vector<std::string> header_;
  int line_ = 1;        // the line being read; a line break inside a quoted field counts
  int record_line_ = 0;
};

/// A whole (small) CSV file in memory, forgiving: a short row reads as empty cells.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows; // each as long as the header; blank lines left out

  std::optional<std::size_t> column(std::string_view name) const;
  /// The cell of `row` in column `name`, or "" when the column is absent.
  const std::string& cell(std::size_t row, std::string_view name) const;
  /// The cell as a number (parse_number_exact), or nothing when the column is absent, the cell empty or text.
  std::optional<double> number(std::size_t row, std::string_view name) const;
};

CsvTable read_csv_table(const std::string& path);

/// One record of a strictly read file, its fields by column name, with its line for messages.
struct CsvRecord {
  int line = 0;
  std::map<std::string, std::string> fields;
  /// The field of `column`, or "" when there is no such column.
  const std::string& at(const std::string& column) const;
};

/// A whole file read strictly (baselines): the header must hold `required_columns` and every record as many
/// fields as the header. Blank lines are skipped.
std::vector<CsvRecord> read_csv_file(const std::string& path, const std::vector<std::string>& required_columns);

} // namespace bordersim
