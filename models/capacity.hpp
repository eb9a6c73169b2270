// Design capacity, computed analytically: open lane time per day over the work one vehicle of the
// direction's demand mix brings to a stage; the stage with the least is the bottleneck.
#pragma once

#include <vector>

#include "models/scenario.hpp"

namespace bordersim {

struct DirectionCapacity {
  double vehicles_per_day = 0;           // of the demand mix, at the bottleneck
  int bottleneck_stage = -1;             // index within the direction's stages
  std::vector<double> stage_per_day;     // each stage's capacity for the mix
  std::vector<double> class_share;       // per class index: its share of the mix (0 when no demand)
};

/// Averages opening hours over the horizon; scheduled events are left out (capacity as designed).
DirectionCapacity design_capacity(const Scenario& scenario, const Direction& direction);

} // namespace bordersim
