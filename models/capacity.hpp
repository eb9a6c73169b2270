// Design capacity, computed analytically per class: at each stage, the open lane time per day of the lane
// groups serving the class, over the work that one vehicle of the traffic sharing those groups brings; the
// stage with the least is the class's bottleneck.
#pragma once

#include <vector>

#include "models/scenario.hpp"

namespace bordersim {

struct DirectionCapacity {
  std::vector<double> class_share;         // per class index: its share of the direction's demand (0 without)
  std::vector<double> class_per_day;       // per class index: design capacity (infinity when nothing limits it)
  std::vector<int> class_bottleneck;       // per class index: stage index within the direction, -1 without demand
  int main_bottleneck_stage = -1;          // the bottleneck of the class with the largest share
};

/// Over the measurement window [warmup, horizon]: its opening hours and its traffic mix (demand profiles included)
/// decide how lanes shared by several classes divide; scheduled events and lane breakdowns are left out (capacity as
/// designed).
DirectionCapacity design_capacity(const Scenario& scenario, const Direction& direction);

} // namespace bordersim
