// The report on any results folder: a page or an error, never a crash or a hang. The input holds the folder's
// files one after another, each introduced by a line "@@ NAME" (summary.csv, stages.csv, timeseries.csv,
// replications.csv, provenance.csv, run_info.json).
#include <stdexcept>
#include <filesystem>
#include <string>

#include "tests/fuzz/fuzz_support.hpp"
#include "viz/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  namespace fs = std::filesystem;
  const std::string dir = bordersim::fuzz::scratch_dir() + "/run";
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  std::string_view rest = bordersim::fuzz::as_text(data, size);
  static const char* const kNames[] = {"summary.csv", "stages.csv", "timeseries.csv", "replications.csv", "provenance.csv",
                                       "run_info.json"};
  while (!rest.empty()) {
    auto [head, tail] = bordersim::fuzz::split_once(rest, "@@ ");
    rest = tail;
    if (tail.empty()) break;
    const auto line_end = tail.find('\n');
    const std::string_view name = tail.substr(0, line_end);
    const std::string_view body = line_end == std::string_view::npos ? std::string_view{} : tail.substr(line_end + 1);
    const auto next = body.find("@@ ");
    for (const char* known : kNames)
      if (name == known) bordersim::fuzz::write_file("run/" + std::string(known), body.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view{} : body.substr(next);
  }
  try {
    bordersim::viz::write_report(dir, bordersim::fuzz::scratch_dir() + "/report.html");
  } catch (const std::exception&) {
  }
  return 0;
}
