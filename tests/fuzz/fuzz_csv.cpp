// The CSV readers (streaming, whole-table and strict) on any file: records or a located error, never a crash.
#include <stdexcept>

#include "models/formats/csv_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace bordersim;
  const std::string path = fuzz::write_file("input.csv", fuzz::as_text(data, size));
  try {
    CsvReader reader(path);
    std::vector<std::string> fields;
    while (reader.next(fields)) {
    }
  } catch (const std::runtime_error&) {
  }
  try {
    const CsvTable table = read_csv_table(path);
    for (std::size_t r = 0; r < table.rows.size(); ++r)
      if (table.rows[r].size() != table.header.size()) __builtin_trap(); // documented: rows as long as the header
  } catch (const std::runtime_error&) {
  }
  try {
    (void)read_csv_file(path, {"record"});
  } catch (const std::runtime_error&) {
  }
  return 0;
}
