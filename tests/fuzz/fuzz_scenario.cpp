// The scenario loader on any file: every input ends in a scenario or in located diagnostics, never in a
// crash, a hang or unbounded memory. An input may carry one --set override after a line "#--set ".
#include <stdexcept>
#include <string>

#include "models/config/scenario_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace bordersim;
  const auto [file, override_text] = fuzz::split_once(fuzz::as_text(data, size), "\n#--set ");
  const std::string path = fuzz::write_file("scenario.yaml", file);
  std::vector<std::string> overrides;
  if (!override_text.empty()) overrides.emplace_back(override_text);
  const LoadedScenario loaded = load_scenario(path, overrides);
  // Errors must come with a location; a loaded scenario must have none.
  if (loaded.scenario.has_value() == loaded.diagnostics.has_errors()) __builtin_trap();
  if (loaded.scenario) (void)offered_loads(*loaded.scenario);
  return 0;
}
