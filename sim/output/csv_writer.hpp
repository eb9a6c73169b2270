// RFC 4180 CSV (CRLF, quoted where needed, '.' decimal mark) driven by a row struct's column list.
#pragma once

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>

#include "models/formats/csv_writer.hpp"
#include "sim/output/output_rows.hpp"

namespace bordersim {

/// Throws what a failed file operation says: "cannot write PATH: No space left on device" (errno's text).
[[noreturn]] inline void throw_file_error(const std::string& what, const std::string& path)
{
  throw std::system_error(errno, std::generic_category(), what + " " + path);
}

/// Every write is checked; close() reports what only shows when the buffer goes out (a full disk). A writer
/// destroyed without close() leaves an unfinished file, as after an exception.
template <class Row> class CsvWriter {
public:
  CsvWriter(const std::string& path, bool with_header) : path_(path), file_(std::fopen(path.c_str(), "wb"))
  {
    if (!file_) throw_file_error("cannot create", path_);
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
  void flush()
  {
    if (std::fflush(file_) != 0) throw_file_error("cannot write", path_);
  }
  /// Writes out the buffer and closes the file; throws when any of it did not reach the file.
  void close()
  {
    std::FILE* file = file_;
    file_ = nullptr;
    if (std::fflush(file) != 0) {
      const int flush_errno = errno;
      std::fclose(file);
      errno = flush_errno;
      throw_file_error("cannot write", path_);
    }
    if (std::fclose(file) != 0) throw_file_error("cannot write", path_);
  }

private:
  void put(const std::string& line)
  {
    if (!file_) throw std::logic_error("CsvWriter: " + path_ + " is closed");
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fwrite("\r\n", 1, 2, file_) != 2)
      throw_file_error("cannot write", path_);
  }
  std::string path_;
  std::FILE* file_;
};

} // namespace bordersim
