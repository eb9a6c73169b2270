#include "tests/fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace bordersim::fuzz {

const std::string& scratch_dir()
{
  // Never destroyed: the atexit handler below runs after the destructors of statics made later than it.
  static const std::string* const dir = [] {
    char name[] = "/tmp/bordersim-fuzz-XXXXXX";
    if (!::mkdtemp(name)) std::abort(); // nothing can be fuzzed without it
    const auto* made = new std::string(name);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(*dir, ec);
    });
    return made;
  }();
  return *dir;
}

std::string write_file(const std::string& name, std::string_view data)
{
  const std::string path = scratch_dir() + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  const bool written = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  if (std::fclose(f) != 0 || !written) std::abort();
  return path;
}

std::pair<std::string_view, std::string_view> split_once(std::string_view data, std::string_view separator)
{
  const auto at = data.find(separator);
  if (at == std::string_view::npos) return {data, {}};
  return {data.substr(0, at), data.substr(at + separator.size())};
}

} // namespace bordersim::fuzz
