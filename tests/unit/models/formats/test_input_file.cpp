// models/formats/input_file: only regular files, and only up to a bound, so that no reader waits on a FIFO or
// reads /dev/zero forever.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>

#include "models/formats/csv_reader.hpp"
#include "models/formats/input_file.hpp"
#include "models/formats/json_reader.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

TEST_CASE("Only a regular file is opened: a FIFO, a device or a folder is refused at once", "[input_file]")
{
  const unit::ScratchDir dir;
  const std::string fifo = dir.file("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0); // nobody writes to it: opening it as a file would wait forever
  CHECK_THROWS_WITH(open_input_file(fifo, kMiB), fifo + ":1:1: not a regular file (a FIFO)");
  CHECK_THROWS_WITH(open_input_file("/dev/zero", kMiB), "/dev/zero:1:1: not a regular file (a character device)");
  CHECK_THROWS_WITH(read_input_file(dir.path(), kMiB), dir.path() + ":1:1: not a regular file (a folder)");
  CHECK_THROWS_WITH(read_input_file(dir.file("absent"), kMiB),
                    dir.file("absent") + ":1:1: cannot read the file: No such file or directory");
  // Through a link, what counts is what it leads to.
  std::filesystem::create_symlink("/dev/zero", dir.file("zero.csv"));
  CHECK_THROWS_WITH(CsvReader(dir.file("zero.csv")), dir.file("zero.csv") + ":1:1: not a regular file (a character device)");
  CHECK_THROWS_WITH(read_json_file(fifo), fifo + ":1:1: not a regular file (a FIFO)");
  std::filesystem::create_symlink(dir.write("real.txt", "text"), dir.file("link.txt"));
  CHECK(read_input_file(dir.file("link.txt"), kMiB) == "text");
}

TEST_CASE("A file larger than its bound is refused before it is read", "[input_file]")
{
  const unit::ScratchDir dir;
  CHECK(format_bytes(kMiB) == "1 MiB");
  CHECK(format_bytes(4 * kGiB) == "4 GiB");
  CHECK(format_bytes(1000) == "1000 bytes");
  const std::string exact = dir.write("exact.txt", std::string(1000, 'x'));
  CHECK(read_input_file(exact, 1000).size() == 1000);
  CHECK_THROWS_WITH(read_input_file(exact, 999), exact + ":1:1: larger than 999 bytes, the most read of such a file");
  // A sparse file past the bound costs nothing to make, and is refused by its size alone.
  const std::string big = dir.file("big.json");
  {
    std::ofstream(big, std::ios::binary) << "{}";
  }
  std::filesystem::resize_file(big, kMaxJsonBytes + 1);
  CHECK_THROWS_WITH(read_json_file(big), big + ":1:1: larger than 1 MiB, the most read of such a file");
  const std::string csv = dir.file("big.csv");
  {
    std::ofstream(csv, std::ios::binary) << "a,b\r\n";
  }
  std::filesystem::resize_file(csv, kMaxWholeCsvBytes + 1);
  CHECK_THROWS_WITH(read_csv_table(csv), csv + ":1:1: larger than 256 MiB, the most read of such a file");
  std::filesystem::resize_file(csv, kMaxStreamedCsvBytes + 1);
  CHECK_THROWS_WITH(CsvReader(csv), csv + ":1:1: larger than 4 GiB, the most read of such a file");
  // Readers count what they read too: a file of /proc says its size is 0, whatever it holds.
  CHECK_THROWS_WITH(read_input_file("/proc/self/maps", 100),
                    "/proc/self/maps:1:1: larger than 100 bytes, the most read of such a file");
  CHECK_THROWS_WITH(CsvReader("/proc/self/maps", 100),
                    "/proc/self/maps:1:1: larger than 100 bytes, the most read of such a file");
}
