// A group of identical lanes (booths) at a stage, sharing one FIFO queue and serving some classes.
#pragma once

#include <string>
#include <vector>

#include "models/schedule.hpp"

namespace bordersim {

struct LaneGroup {
  std::string id;
  int lane_count = 1;
  std::vector<int> served_classes; // indices into Scenario::classes
  OpeningHours hours;              // the stage's hours unless the group gives its own

  bool serves(int class_index) const
  {
    for (int c : served_classes)
      if (c == class_index) return true;
    return false;
  }
};

} // namespace bordersim
