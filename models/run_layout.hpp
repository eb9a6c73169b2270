// The scenario flattened into indices, built once per run: routes (crossing x direction, in file order),
// their stages, lane groups and flows (route x class). The model, the statistics, the aggregation and the
// key metrics all address tallies through it, so the order is worked out in this one place.
#pragma once

#include <cstddef>
#include <vector>

#include "models/scenario.hpp"

namespace bordersim {

class RunLayout {
public:
  struct Route {
    int crossing = 0;
    int direction = 0;
    std::vector<int> stages; // global stage indices, in the order a vehicle passes them
  };
  struct StageEntry {
    int route = 0;
    int position = 0; // within the route
    const Stage* spec = nullptr;
    std::vector<int> groups;                  // global lane group indices
    std::vector<std::vector<int>> groups_for; // [class]: the groups serving it (asked at every entry)
    ClassKind kind = ClassKind::vehicle;      // what waits here: vehicles or people, never both
  };
  struct GroupEntry {
    int stage = 0;
    const LaneGroup* spec = nullptr;
  };

  /// Keeps a reference to `scenario`, which must outlive the layout.
  explicit RunLayout(const Scenario& scenario);

  const Scenario& scenario() const { return scenario_; }
  const std::vector<Route>& routes() const { return routes_; }
  const std::vector<StageEntry>& stages() const { return stages_; }
  const std::vector<GroupEntry>& groups() const { return groups_; }
  int route_of(int crossing, int direction) const
  {
    return route_of_[static_cast<std::size_t>(crossing)][static_cast<std::size_t>(direction)];
  }
  const Crossing& crossing(int route) const;
  const Direction& direction(int route) const;

  std::size_t class_count() const { return class_count_; }
  /// Flows are route-major: the tallies of route r are [r * classes, (r + 1) * classes).
  std::size_t flow_count() const { return routes_.size() * class_count_; }
  std::size_t flow(int route, int class_index) const
  {
    return static_cast<std::size_t>(route) * class_count_ + static_cast<std::size_t>(class_index);
  }
  /// A class is reported on a route when it has demand there or some flow may divert to it.
  ClassKind class_kind(int class_index) const { return scenario_.classes[static_cast<std::size_t>(class_index)].kind; }
  bool reported(int route, int class_index) const
  {
    return reported_[flow(route, class_index)];
  }

private:
  const Scenario& scenario_;
  std::size_t class_count_;
  std::vector<Route> routes_;
  std::vector<std::vector<int>> route_of_; // [crossing][direction]
  std::vector<StageEntry> stages_;
  std::vector<GroupEntry> groups_;
  std::vector<bool> reported_; // per flow
};

} // namespace bordersim
