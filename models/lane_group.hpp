// A group of identical lanes (booths) at a stage, sharing one FIFO queue and serving some classes: the lanes built,
// the hours they open, and the roster that says how many of them are staffed.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "models/roster.hpp"
#include "models/lane_failures.hpp"
#include "models/schedule.hpp"

namespace bordersim {

struct LaneGroup {
  std::string id;
  int lane_count = 1;              // lanes built
  std::vector<int> served_classes; // indices into Scenario::classes
  OpeningHours hours;              // the stage's hours unless the group gives its own
  std::optional<Roster> roster;    // none: every built lane is staffed while open
  double staff_cost_usd_per_lane_hour = 0;
  std::optional<LaneFailures> failures; // breakdowns of its lanes; none by default

  /// Share of the time a lane of the group is not broken (1 without breakdowns).
  double availability() const { return failures ? failures->availability() : 1.0; }

  bool serves(int class_index) const
  {
    for (int c : served_classes)
      if (c == class_index) return true;
    return false;
  }

  /// Lanes that may serve at t_s, before scheduled changes: none outside the hours, the roster's within them (never
  /// more than are built).
  int lanes_at(const SimCalendar& calendar, double t_s) const
  {
    if (!hours.is_open(calendar, t_s)) return 0;
    return roster ? std::min(lane_count, roster->lanes_at(calendar, t_s)) : lane_count;
  }
  /// The first time after t_s at which lanes_at may change.
  double next_lanes_change_s(const SimCalendar& calendar, double t_s) const
  {
    const double hours_change = hours.next_change_s(calendar, t_s);
    return roster ? std::min(hours_change, roster->next_change_s(calendar, t_s)) : hours_change;
  }
  /// Mean of lanes_at over [from_s, to_s): for analytic capacity and the load check.
  double mean_lanes(const SimCalendar& calendar, double from_s, double to_s) const
  {
    if (!roster) return lane_count * hours.open_fraction(calendar, from_s, to_s);
    if (to_s <= from_s) return lanes_at(calendar, from_s);
    double lane_s = 0;
    for (double t = from_s; t < to_s;) {
      const double next = std::min(next_lanes_change_s(calendar, t), to_s);
      lane_s += lanes_at(calendar, t) * (next - t);
      t = next;
    }
    return lane_s / (to_s - from_s);
  }
};

} // namespace bordersim
