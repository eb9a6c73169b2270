// Loads a scenario: built-in defaults, then the file (and what it extends), then --set overrides;
// checks everything before time zero and reports every problem at once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/config/config_tree.hpp"
#include "models/config/diagnostics.hpp"
#include "models/scenario.hpp"

namespace bordersim {

struct LoadedScenario {
  std::optional<Scenario> scenario; // empty when there are errors
  ConfigNode effective_config;      // the merged tree with defaults filled in
  Diagnostics diagnostics;
};

LoadedScenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);

/// Offered load per lane at each stage: sum of lambda * p * E[S] over classes, divided by the lanes' mean
/// open count. `utilisation` averages over the horizon; `peak_week_utilisation` is the largest average over
/// seven consecutive days, profiles, opening hours and scheduled events included (sampled hourly).
struct StageLoad {
  int crossing;
  int direction;
  int stage;
  double utilisation; // of what reaches the stage: an overloaded stage upstream passes only its capacity
  double peak_week_utilisation = 0;
  double peak_week_start_s = 0;
  double demand_utilisation = 0; // of the demand itself, as if every stage upstream kept up
  int capped_by = -1;            // the last overloaded stage upstream (route position), or -1
};
std::vector<StageLoad> offered_loads(const Scenario& scenario);

} // namespace bordersim
