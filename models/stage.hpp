// An inspection stage: lane groups, service time and visit probability per class, an optional finite
// waiting area, and opening hours.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/distribution.hpp"
#include "models/lane_group.hpp"

namespace bordersim {

inline constexpr int kUnboundedQueue = std::numeric_limits<int>::max();

struct Stage {
  std::string id;
  std::string name;
  std::vector<LaneGroup> lane_groups;
  std::vector<std::optional<Distribution>> service; // per class index; empty where no service is given
  std::vector<double> visit_probability;            // per class index
  int queue_capacity = kUnboundedQueue;             // waiting places; full means upstream lanes block

  int total_lanes() const
  {
    int n = 0;
    for (const auto& g : lane_groups) n += g.lane_count;
    return n;
  }
};

} // namespace bordersim
