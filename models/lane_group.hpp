// A group of identical lanes (booths) at a stage, sharing one FIFO queue and serving some classes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/lane_failures.hpp"
#include "models/schedule.hpp"

namespace bordersim {

struct LaneGroup {
  std::string id;
  int lane_count = 1;
  std::vector<int> served_classes; // indices into Scenario::classes
  OpeningHours hours;              // the stage's hours unless the group gives its own
  std::optional<LaneFailures> failures; // breakdowns of its lanes; none by default

  /// Share of the time a lane of the group is not broken (1 without breakdowns).
  double availability() const { return failures ? failures->availability() : 1.0; }

  bool serves(int class_index) const
  {
    for (int c : served_classes)
      if (c == class_index) return true;
    return false;
  }
};

} // namespace bordersim
