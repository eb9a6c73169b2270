// Reads RFC 4180 CSV files back: row by row (large files such as timeseries.csv), or whole (small ones), with
// columns found by name. Only regular files of bounded size are read (models/formats/input_file.hpp). The '
// that csv_quote puts before text a spreadsheet would run as a formula is taken off again. Every error is a
// std::runtime_error("file:line:col: message").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/formats/input_file.hpp"

namespace bordersim {

/// The most read of a CSV file. Streamed: timeseries.csv of a year of the whole network sampled every few
/// minutes is hundreds of MB (vehicles.csv with --trace more); 4 GiB leaves room and still ends a runaway file.
inline constexpr std::uint64_t kMaxStreamedCsvBytes = 4 * kGiB;
/// Read whole, as strings several times the file's size in memory: replications.csv of 1000 replications of the
/// whole network is about 20 MB.
inline constexpr std::uint64_t kMaxWholeCsvBytes = 256 * kMiB;

/// Streams the records of a CSV file whose first record is the header (quoted fields, CRLF, LF or CR line ends).
class CsvReader {
public:
  /// Throws when the file cannot be read, is not a regular file, is larger than `max_bytes` or is empty.
  explicit CsvReader(const std::string& path, std::uint64_t max_bytes = kMaxStreamedCsvBytes);
  const std::string& path() const { return path_; }
  const std::vector<std::string>& header() const { return header_; }
  std::optional<std::size_t> column(std::string_view name) const;
  /// Reads the next record into `fields`; false at the end of the file. A blank line is one empty field, and the
  /// last record may lack its line end.
  bool next(std::vector<std::string>& fields);
  /// Reads strictly: the next record that is not a blank line, which must have as many fields as the header and
  /// end with a line end (a file cut short ends inside its last record); false at the end of the file.
  bool next_record(std::vector<std::string>& fields);
  /// The line on which the record last read starts (the header is on line 1).
  int line() const { return record_line_; }
  /// An error at field `field` of the record last read: "file:line:col: message", where the field starts.
  std::runtime_error error_at(std::size_t field, const std::string& message) const;
  /// "line:col" where field `field` of the record last read starts.
  std::string where(std::size_t field) const;

private:
  int get();
  void unget();
  std::string path_;
  std::uint64_t max_bytes_;
  InputFile file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t bytes_read_ = 0;
  std::vector<std::string> header_;
  int line_ = 1; // the line being read; a line break inside a quoted field counts
  int col_ = 0;  // the column of the character last read on that line
  int record_line_ = 0;
  bool last_without_line_end_ = false;            // the record last read ended at the end of the file
  std::vector<std::pair<int, int>> field_starts_; // line and column of each field of the record last read
};

/// A whole (small) CSV file in memory, read strictly (CsvReader::next_record).
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows; // each as long as the header; blank lines left out

  std::optional<std::size_t> column(std::string_view name) const;
  /// The cell of `row` in column `name`, or "" when the column is absent.
  const std::string& cell(std::size_t row, std::string_view name) const;
  /// The cell as a number (parse_number_exact), or nothing when the column is absent, the cell empty or text.
  std::optional<double> number(std::size_t row, std::string_view name) const;
};

CsvTable read_csv_table(const std::string& path, std::uint64_t max_bytes = kMaxWholeCsvBytes);

/// One record of a strictly read file, its fields by column name, with where they are for messages.
struct CsvRecord {
  int line = 0;
  std::map<std::string, std::string> fields;
  std::map<std::string, std::string> places; // "line:col" of each field
  /// The field of `column`, or "" when there is no such column.
  const std::string& at(const std::string& column) const;
  /// "line:col" where the field of `column` starts; the record's line and column 1 when there is no such column.
  std::string where(const std::string& column) const;
};

/// A whole file read strictly (baselines): the header must hold `required_columns`, and every record as many
/// fields as the header and a line end. Blank lines are skipped.
std::vector<CsvRecord> read_csv_file(const std::string& path, const std::vector<std::string>& required_columns,
                                     std::uint64_t max_bytes = kMaxWholeCsvBytes);

/// What is wrong with `text` as a number ("'nan' is not a finite number"), or "" when it is a finite number.
std::string number_problem(std::string_view text);

} // namespace bordersim
