#include "viz/csv_reader.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace bordersim::viz {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20; // timeseries files can be large: read in big blocks
} // namespace

CsvReader::CsvReader(const std::string& path) : file_(std::fopen(path.c_str(), "rb")), buffer_(kBufferBytes), path_(path)
{
  if (!file_) throw std::runtime_error("cannot open " + path);
  if (!next(header_) || header_.empty()) throw std::runtime_error(path + " has no header row");
  // A UTF-8 byte order mark is not part of the first column's name.
  if (header_[0].starts_with("\xEF\xBB\xBF")) header_[0].erase(0, 3);
}

std::optional<std::size_t> CsvReader::column(std::string_view name) const
{
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

int CsvReader::get()
{
  if (pos_ == end_) {
    end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
    pos_ = 0;
    if (end_ == 0) return EOF;
  }
  return static_cast<unsigned char>(buffer_[pos_++]);
}

bool CsvReader::next(std::vector<std::string>& fields)
{
  fields.clear();
  int c = get();
  if (c == EOF) return false;
  std::string field;
  bool quoted = false; // inside a quoted field
  for (;; c = get()) {
    if (quoted) {
      if (c == EOF) throw std::runtime_error(path_ + ": a quoted field is not closed");
      if (c == '"') {
        const int after = get();
        if (after == '"') {
          field += '"';
          continue;
        }
        quoted = false;
        c = after; // the character after the closing quote ends the field or the record
      } else {
        field += static_cast<char>(c);
        continue;
      }
    }
    if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n' || c == EOF) {
      if (c == '\r') {
        const int after = get();
        if (after != '\n' && after != EOF) --pos_; // a lone CR ends the record; keep what follows
      }
      fields.push_back(std::move(field));
      return true;
    } else {
      field += static_cast<char>(c);
    }
  }
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const
{
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

const std::string& CsvTable::cell(std::size_t row, std::string_view name) const
{
  static const std::string empty;
  const auto c = column(name);
  if (!c || *c >= rows.at(row).size()) return empty;
  return rows[row][*c];
}

std::optional<double> CsvTable::number(std::size_t row, std::string_view name) const
{
  return parse_number(cell(row, name));
}

CsvTable read_csv_table(const std::string& path)
{
  CsvReader reader(path);
  CsvTable table;
  table.header = reader.header();
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue; // a blank line
    fields.resize(table.header.size());
    table.rows.push_back(fields);
  }
  return table;
}

std::optional<double> parse_number(std::string_view field)
{
  if (field.empty()) return std::nullopt;
  const char* first = field.data();
  if (*first == '+') ++first; // from_chars refuses a leading plus
  double value = 0;
  const auto [end, ec] = std::from_chars(first, field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

} // namespace bordersim::viz
