#include "models/formats/csv_reader.hpp"

#include <stdexcept>

#include "models/formats/units.hpp"

namespace bordersim {

namespace {

constexpr std::size_t kBufferBytes = 1 << 20; // timeseries files can be large: read in big blocks

std::runtime_error located(const std::string& path, int line, const std::string& message)
{
  return std::runtime_error(path + ":" + std::to_string(line) + ":1: " + message);
}

std::optional<std::size_t> index_of(const std::vector<std::string>& header, std::string_view name)
{
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

bool is_blank(const std::vector<std::string>& fields) { return fields.size() == 1 && fields[0].empty(); }

} // namespace

CsvReader::CsvReader(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")), buffer_(kBufferBytes)
{
  if (!file_) throw located(path_, 1, "cannot read the file");
  if (!next(header_)) throw located(path_, 1, "empty file");
  // A UTF-8 byte order mark is not part of the first column's name.
  if (header_[0].starts_with("\xEF\xBB\xBF")) header_[0].erase(0, 3);
}

std::optional<std::size_t> CsvReader::column(std::string_view name) const { return index_of(header_, name); }

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
  record_line_ = line_;
  int c = get();
  if (c == EOF) return false;
  std::string field;
  bool quoted = false; // inside a quoted field
  for (;; c = get()) {
    if (quoted) {
      if (c == EOF) throw located(path_, line_, "unterminated quoted field");
      if (c == '"') {
        const int after = get();
        if (after == '"') {
          field += '"';
          continue;
        }
        quoted = false;
        c = after; // the character after the closing quote ends the field or the record
      } else {
        if (c == '\n') ++line_;
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
      if (c != EOF) ++line_;
      fields.push_back(std::move(field));
      return true;
    } else {
      field += static_cast<char>(c);
    }
  }
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

CsvTable read_csv_table(const std::string& path)
{
  CsvReader reader(path);
  CsvTable table;
  table.header = reader.header();
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    if (is_blank(fields)) continue;
    fields.resize(table.header.size());
    table.rows.push_back(fields);
  }
  return table;
}

const std::string& CsvRecord::at(const std::string& column) const
{
  static const std::string empty;
  const auto it = fields.find(column);
  return it == fields.end() ? empty : it->second;
}

std::vector<CsvRecord> read_csv_file(const std::string& path, const std::vector<std::string>& required_columns)
{
  CsvReader reader(path);
  // The whole file first: a broken quote anywhere is reported before what the header lacks.
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  std::vector<std::string> fields;
  while (reader.next(fields))
    if (!is_blank(fields)) rows.emplace_back(reader.line(), fields);
  const auto& header = reader.header();
  for (const auto& column : required_columns)
    if (!index_of(header, column)) throw located(path, 1, "missing column '" + column + "'");
  std::vector<CsvRecord> records;
  for (auto& [line, row] : rows) {
    if (row.size() != header.size())
      throw located(path, line, "expected " + std::to_string(header.size()) + " fields, got " + std::to_string(row.size()));
    CsvRecord record;
    record.line = line;
    for (std::size_t c = 0; c < header.size(); ++c) record.fields[header[c]] = std::move(row[c]);
    records.push_back(std::move(record));
  }
  return records;
}

} // namespace bordersim
