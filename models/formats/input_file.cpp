#include "models/formats/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace bordersim {

namespace {

std::runtime_error file_error(const std::string& path, const std::string& message)
{
  return std::runtime_error(path + ":1:1: " + message);
}

const char* kind_of(mode_t mode)
{
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

} // namespace

std::string format_bytes(std::uint64_t bytes)
{
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

void throw_file_too_large(const std::string& path, std::uint64_t max_bytes)
{
  throw file_error(path, "larger than " + format_bytes(max_bytes) + ", the most read of such a file");
}

InputFile open_input_file(const std::string& path, std::uint64_t max_bytes)
{
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw file_error(path, std::string("cannot read the file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int stat_errno = errno;
    ::close(fd);
    throw file_error(path, std::string("cannot read the file: ") + std::strerror(stat_errno));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw file_error(path, std::string("not a regular file (") + kind_of(st.st_mode) + ")");
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    ::close(fd);
    throw_file_too_large(path, max_bytes);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  std::FILE* file = ::fdopen(fd, "rb");
  if (!file) {
    ::close(fd);
    throw file_error(path, "cannot read the file");
  }
  return InputFile(file);
}

std::string read_input_file(const std::string& path, std::uint64_t max_bytes)
{
  const InputFile file = open_input_file(path, max_bytes);
  std::string bytes;
  // A regular file is read straight into a string of its size (capped), then to its end in case it grew: a merge
  // reads hundreds of result parts of megabytes each, and growing a string by doubling copied each about twice.
  struct stat st {};
  if (::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    bytes.resize(static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(st.st_size), max_bytes)));
    bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file.get()));
  }
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    if (bytes.size() + n > max_bytes) throw_file_too_large(path, max_bytes);
    bytes.append(buffer, n);
  }
  if (std::ferror(file.get())) throw file_error(path, std::string("cannot read the file: ") + std::strerror(errno));
  return bytes;
}

} // namespace bordersim
