// Opening a file bordersim reads back (results, baselines, run facts): only a regular file, and only up to a
// bound, so that a FIFO, a device such as /dev/zero or a runaway file is refused at once instead of blocking
// the reader or filling memory. Every error is a std::runtime_error("path:1:1: message").
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace bordersim {

inline constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
inline constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

/// A bound as people read it: "64 MiB", "4 GiB".
std::string format_bytes(std::uint64_t bytes);

struct InputFileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using InputFile = std::unique_ptr<std::FILE, InputFileCloser>;

/// Opens `path` for reading without waiting on it: refuses anything but a regular file, and a file larger than
/// `max_bytes`. A reader that streams it still counts what it reads (a file may grow while it is read).
InputFile open_input_file(const std::string& path, std::uint64_t max_bytes);

/// The whole file as bytes, at most `max_bytes` of them.
std::string read_input_file(const std::string& path, std::uint64_t max_bytes);

/// The error a reader throws when a file grew past its bound while being read.
[[noreturn]] void throw_file_too_large(const std::string& path, std::uint64_t max_bytes);

} // namespace bordersim
