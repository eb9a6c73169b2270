// What every fuzz target shares: a scratch folder of its own, and the bytes written to a file there (the
// readers under test take paths, as the program's commands do).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bordersim::fuzz {

/// The process's scratch folder (created on first use, removed at exit).
const std::string& scratch_dir();
/// Writes `data` to `name` in the scratch folder and returns its path.
std::string write_file(const std::string& name, std::string_view data);
/// Splits `data` at the first occurrence of `separator`: (before, after); no separator gives (data, "").
std::pair<std::string_view, std::string_view> split_once(std::string_view data, std::string_view separator);

inline std::string_view as_text(const std::uint8_t* data, std::size_t size)
{
  return {reinterpret_cast<const char*>(data), size};
}

} // namespace bordersim::fuzz
