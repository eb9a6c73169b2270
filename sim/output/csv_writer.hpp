// RFC 4180 CSV (CRLF, quoted where needed, '.' decimal mark) driven by a row struct's column list.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "models/formats/csv_writer.hpp"
#include "sim/output/output_rows.hpp"

namespace bordersim {

template <class Row> class CsvWriter {
public:
  CsvWriter(const std::string& path, bool with_header) : file_(std::fopen(path.c_str(), "wb"))
  {
    if (!file_) throw std::runtime_error("cannot write " + path);
    if (!with_header) return;
    std::string line;
    for (const auto& column : Row::columns) line += (line.empty() ? "" : ",") + csv_quote(column.name);
    put(line);
  }
  ~CsvWriter()
  {
    if (file_) std::fclose(file_);
  }
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void write(const Row& row)
  {
    std::string line;
    bool first = true;
    for (const auto& column : Row::columns) {
      if (!first) line += ',';
      first = false;
      std::visit(
          [&](auto member) {
            const auto& value = row.*member;
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::string>) line += csv_quote(value);
            else if constexpr (std::is_same_v<T, double>) line += csv_number(value);
            else if constexpr (std::is_same_v<T, std::int64_t>) line += std::to_string(value);
            else if (value) line += csv_number(*value);
          },
          column.field);
    }
    put(line);
  }
  void flush() { std::fflush(file_); }

private:
  void put(const std::string& line)
  {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fwrite("\r\n", 1, 2, file_);
  }
  std::FILE* file_;
};

} // namespace bordersim
