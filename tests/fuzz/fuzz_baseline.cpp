// The baseline reader on any file: a baseline whose figures are in range, or a located error.
#include <cmath>
#include <stdexcept>

#include "sim/results/baseline.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace bordersim;
  const std::string path = fuzz::write_file("baseline.csv", fuzz::as_text(data, size));
  try {
    const Baseline baseline = read_baseline(path);
    if (baseline.options.replications < 2) __builtin_trap();
    for (const auto& row : baseline.metrics)
      if (row.ci95 && !(std::isfinite(*row.ci95) && *row.ci95 >= 0)) __builtin_trap();
  } catch (const std::runtime_error&) {
  }
  return 0;
}
