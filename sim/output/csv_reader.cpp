#include "sim/output/csv_reader.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bordersim {

const std::string& CsvRecord::at(const std::string& column) const
{
  static const std::string empty;
  auto it = fields.find(column);
  return it == fields.end() ? empty : it->second;
}

std::vector<CsvRecord> read_csv_file(const std::string& path, const std::vector<std::string>& required_columns)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ":1:1: cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_lines;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  int line = 1;
  int row_line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row_lines.push_back(row_line);
      row.clear();
      row_line = ++line;
    } else {
      field += c;
    }
  }
  if (quoted) throw std::runtime_error(path + ":" + std::to_string(line) + ":1: unterminated quoted field");
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
    row_lines.push_back(row_line);
  }
  if (rows.empty()) throw std::runtime_error(path + ":1:1: empty file");
  const auto& header = rows.front();
  for (const auto& column : required_columns) {
    bool found = false;
    for (const auto& h : header) found = found || h == column;
    if (!found) throw std::runtime_error(path + ":1:1: missing column '" + column + "'");
  }
  std::vector<CsvRecord> records;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() == 1 && rows[r][0].empty()) continue; // blank line
    if (rows[r].size() != header.size())
      throw std::runtime_error(path + ":" + std::to_string(row_lines[r]) + ":1: expected " + std::to_string(header.size()) +
                               " fields, got " + std::to_string(rows[r].size()));
    CsvRecord record;
    record.line = row_lines[r];
    for (std::size_t c = 0; c < header.size(); ++c) record.fields[header[c]] = rows[r][c];
    records.push_back(std::move(record));
  }
  return records;
}

} // namespace bordersim
