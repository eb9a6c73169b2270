#include "models/run_layout.hpp"

namespace bordersim {

RunLayout::RunLayout(const Scenario& scenario) : scenario_(scenario), class_count_(scenario.classes.size())
{
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c) {
    const auto& crossing = scenario.crossings[c];
    route_of_.emplace_back();
    for (std::size_t d = 0; d < crossing.directions.size(); ++d) {
      const int route = static_cast<int>(routes_.size());
      route_of_.back().push_back(route);
      Route r{static_cast<int>(c), static_cast<int>(d), {}};
      const auto& dir = crossing.directions[d];
      for (std::size_t k = 0; k < dir.stages.size(); ++k) {
        const Stage& st = dir.stages[k];
        const int stage_index = static_cast<int>(stages_.size());
        StageEntry entry{route, static_cast<int>(k), &st, {}, {}, ClassKind::vehicle};
        entry.groups_for.resize(class_count_);
        for (const auto& g : st.lane_groups) {
          const int group_index = static_cast<int>(groups_.size());
          entry.groups.push_back(group_index);
          for (int served : g.served_classes) entry.groups_for[static_cast<std::size_t>(served)].push_back(group_index);
          groups_.push_back({stage_index, &g});
        }
        r.stages.push_back(stage_index);
        stages_.push_back(std::move(entry));
      }
      routes_.push_back(std::move(r));
    }
  }
  reported_.assign(flow_count(), false);
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c)
    for (std::size_t d = 0; d < scenario.crossings[c].directions.size(); ++d)
      for (const auto& demand : scenario.crossings[c].directions[d].demand) {
        reported_[flow(route_of(static_cast<int>(c), static_cast<int>(d)), demand.class_index)] = true;
        for (const auto& alt : demand.alternatives) reported_[flow(route_of(alt.crossing, alt.direction), demand.class_index)] = true;
      }
  // A stage queues the kind of the classes that may reach it (the loader refuses a mix); vehicles when none does.
  for (auto& entry : stages_)
    for (std::size_t ci = 0; ci < class_count_; ++ci)
      if (reported(entry.route, static_cast<int>(ci)) && entry.spec->visit_probability[ci] > 0 && !entry.groups_for[ci].empty())
        entry.kind = scenario.classes[ci].kind;
}

const Crossing& RunLayout::crossing(int route) const
{
  return scenario_.crossings[static_cast<std::size_t>(routes_[static_cast<std::size_t>(route)].crossing)];
}

const Direction& RunLayout::direction(int route) const
{
  const Route& r = routes_[static_cast<std::size_t>(route)];
  return crossing(route).directions[static_cast<std::size_t>(r.direction)];
}

} // namespace bordersim
