#include "models/formats/csv_reader.hpp"

#include <charconv>
#include <cmath>

#include "models/formats/csv_writer.hpp"
#include "models/formats/units.hpp"

namespace bordersim {

namespace {

constexpr std::size_t kBufferBytes = 1 << 20; // timeseries files can be large: read in big blocks

std::runtime_error located(const std::string& path, int line, int col, const std::string& message)
{
  return std::runtime_error(path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message);
}

std::optional<std::size_t> index_of(const std::vector<std::string>& header, std::string_view name)
{
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

bool is_blank(const std::vector<std::string>& fields) { return fields.size() == 1 && fields[0].empty(); }

/// A finished field: the guard csv_quote put before formula-like text comes off.
void add_field(std::vector<std::string>& fields, std::string& field)
{
  if (!field.empty() && field.front() == '\'' && strip_formula_guard(field).size() != field.size()) field.erase(0, 1);
  fields.push_back(std::move(field));
  field.clear();
}

} // namespace

CsvReader::CsvReader(const std::string& path, std::uint64_t max_bytes)
    : path_(path), max_bytes_(max_bytes), file_(open_input_file(path, max_bytes)), buffer_(kBufferBytes)
{
  if (!next(header_)) throw located(path_, 1, 1, "empty file");
  // A UTF-8 byte order mark is not part of the first column's name.
  if (header_[0].starts_with("\xEF\xBB\xBF")) header_[0].erase(0, 3);
}

std::optional<std::size_t> CsvReader::column(std::string_view name) const { return index_of(header_, name); }

int CsvReader::get()
{
  if (pos_ == end_) {
    end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
    pos_ = 0;
    if (end_ == 0) {
      if (std::ferror(file_.get())) throw located(path_, line_, col_ + 1, "cannot read the file");
      return EOF;
    }
    bytes_read_ += end_;
    if (bytes_read_ > max_bytes_) throw_file_too_large(path_, max_bytes_); // it grew while being read
  }
  ++col_;
  return static_cast<unsigned char>(buffer_[pos_++]);
}

void CsvReader::unget()
{
  --pos_; // only right after get() returned a character, which is then still in the buffer
  --col_;
}

bool CsvReader::next(std::vector<std::string>& fields)
{
  fields.clear();
  field_starts_.clear();
  record_line_ = line_;
  int c = get();
  if (c == EOF) return false;
  last_without_line_end_ = false;
  field_starts_.emplace_back(line_, col_);
  std::string field;
  bool quoted = false; // inside a quoted field
  int quote_line = 0, quote_col = 0;
  const auto new_line = [&] {
    ++line_;
    col_ = 0;
  };
  for (;; c = get()) {
    if (quoted) {
      if (c == EOF)
        throw located(path_, quote_line, quote_col, "unterminated quoted field: the file ends before its closing quote");
      if (c == '"') {
        const int after = get();
        if (after == '"') {
          field += '"';
          continue;
        }
        quoted = false;
        c = after; // the character after the closing quote ends the field or the record
      } else {
        if (c == '\n') new_line();
        field += static_cast<char>(c);
        continue;
      }
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      quote_line = line_;
      quote_col = col_;
    } else if (c == ',') {
      add_field(fields, field);
      field_starts_.emplace_back(line_, col_ + 1);
    } else if (c == '\r' || c == '\n' || c == EOF) {
      if (c == '\r') {
        const int after = get();
        if (after != '\n' && after != EOF) unget(); // a lone CR ends the record; keep what follows
      }
      if (c == EOF) last_without_line_end_ = true;
      else new_line();
      add_field(fields, field);
      return true;
    } else {
      field += static_cast<char>(c);
    }
  }
}

bool CsvReader::next_record(std::vector<std::string>& fields)
{
  do {
    if (!next(fields)) {
      // Only the header can be left without a line end here: a record without one was refused below.
      if (last_without_line_end_) throw located(path_, 1, 1, "the header has no line end: the file looks cut short");
      return false;
    }
  } while (is_blank(fields));
  if (last_without_line_end_) throw error_at(fields.size() - 1, "the last record has no line end: the file looks cut short");
  if (fields.size() != header_.size())
    throw error_at(0, "expected " + std::to_string(header_.size()) + " fields, got " + std::to_string(fields.size()));
  return true;
}

std::string CsvReader::where(std::size_t field) const
{
  const auto [line, col] = field < field_starts_.size() ? field_starts_[field] : std::pair{record_line_, 1};
  return std::to_string(line) + ":" + std::to_string(col);
}

std::runtime_error CsvReader::error_at(std::size_t field, const std::string& message) const
{
  return std::runtime_error(path_ + ":" + where(field) + ": " + message);
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const { return index_of(header, name); }

const std::string& CsvTable::cell(std::size_t row, std::string_view name) const
{
  static const std::string empty;
  const auto c = column(name);
  if (!c || *c >= rows.at(row).size()) return empty;
  return rows[row][*c];
}

std::optional<double> CsvTable::number(std::size_t row, std::string_view name) const
{
  return parse_number_exact(cell(row, name));
}

CsvTable read_csv_table(const std::string& path, std::uint64_t max_bytes)
{
  CsvReader reader(path, max_bytes);
  CsvTable table;
  table.header = reader.header();
  std::vector<std::string> fields;
  while (reader.next_record(fields)) table.rows.push_back(fields);
  return table;
}

const std::string& CsvRecord::at(const std::string& column) const
{
  static const std::string empty;
  const auto it = fields.find(column);
  return it == fields.end() ? empty : it->second;
}

std::string CsvRecord::where(const std::string& column) const
{
  const auto it = places.find(column);
  return it == places.end() ? std::to_string(line) + ":1" : it->second;
}

std::vector<CsvRecord> read_csv_file(const std::string& path, const std::vector<std::string>& required_columns,
                                     std::uint64_t max_bytes)
{
  CsvReader reader(path, max_bytes);
  const auto& header = reader.header();
  for (const auto& column : required_columns)
    if (!index_of(header, column)) throw located(path, 1, 1, "missing column '" + column + "'");
  std::vector<CsvRecord> records;
  std::vector<std::string> fields;
  while (reader.next_record(fields)) {
    CsvRecord record;
    record.line = reader.line();
    for (std::size_t c = 0; c < header.size(); ++c) {
      record.places[header[c]] = reader.where(c);
      record.fields[header[c]] = std::move(fields[c]);
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string number_problem(std::string_view text)
{
  if (parse_number_exact(text)) return "";
  // from_chars reads "nan", "inf" and out-of-range numbers too: say which it was.
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool whole = end == text.data() + text.size() && !text.empty();
  if (whole && (ec == std::errc::result_out_of_range || (ec == std::errc{} && !std::isfinite(value))))
    return "'" + std::string(text) + "' is not a finite number";
  return "'" + std::string(text) + "' is not a number";
}

} // namespace bordersim
