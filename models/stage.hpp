// An inspection stage: lane groups, service time and visit probability per class, an optional finite
// waiting area and waiting zone, and opening hours.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/distribution.hpp"
#include "models/lane_group.hpp"
#include "models/waiting_zone.hpp"

namespace bordersim {

inline constexpr int kUnboundedQueue = std::numeric_limits<int>::max();

/// A scheduled change to a stage for a time window.
struct ScheduledChange {
  std::string id;
  double start_s = 0;
  double end_s = 0;
  bool close = false;
  std::optional<int> lanes;   // lanes open in each affected group
  double service_factor = 1;  // on services starting inside the window
  int group = -1;             // index into lane_groups; -1 for all
};

struct ChangeEffect {
  int lanes;
  double service_factor;
};

/// What the scheduled changes active on a lane group do to it: one closing shuts it, overlapping lane changes
/// give the fewest lanes, service factors multiply. `open_lanes` is what its hours leave open (0 when closed).
/// The model and the load estimate of the loader both apply changes through this one rule.
inline ChangeEffect apply_changes(int open_lanes, std::span<const ScheduledChange* const> active)
{
  ChangeEffect effect{open_lanes, 1.0};
  bool closed = open_lanes == 0;
  bool overridden = false;
  for (const ScheduledChange* e : active) {
    closed = closed || e->close;
    if (e->lanes) {
      effect.lanes = overridden ? std::min(effect.lanes, *e->lanes) : *e->lanes;
      overridden = true;
    }
    effect.service_factor *= e->service_factor;
  }
  if (closed) effect.lanes = 0;
  return effect;
}

struct Stage {
  std::string id;
  std::string name;
  std::vector<LaneGroup> lane_groups;
  std::vector<std::optional<Distribution>> service; // per class index; empty where no service is given
  std::vector<double> visit_probability;            // per class index
  int queue_capacity = kUnboundedQueue;             // waiting places; full means upstream lanes block
  double queue_capacity_m = std::numeric_limits<double>::infinity(); // the same as room in metres (class length_m)
  std::optional<WaitingZone> waiting_zone; // none: the whole queue is on the road
  std::vector<ScheduledChange> scheduled_changes; // the scenario key "events"
  bool priority_first = true; // false: priority vehicles queue in turn here

  int total_lanes() const
  {
    int n = 0;
    for (const auto& g : lane_groups) n += g.lane_count;
    return n;
  }
};

} // namespace bordersim
