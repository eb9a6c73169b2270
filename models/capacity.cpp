#include "models/capacity.hpp"

#include <algorithm>
#include <limits>

#include "models/formats/units.hpp"

namespace bordersim {

DirectionCapacity design_capacity(const Scenario& scenario, const Direction& direction)
{
  const std::size_t classes = scenario.classes.size();
  const auto& sim = scenario.simulation;
  const double inf = std::numeric_limits<double>::infinity();
  DirectionCapacity out;
  out.class_share.assign(classes, 0.0);
  out.class_per_day.assign(classes, inf);
  out.class_bottleneck.assign(classes, -1);
  // The measurement window's mix, not the year's: lanes shared by trucks and cars give the trucks more in a
  // season of more trucks, and the design capacity must say so, or served would exceed it.
  const double from_s = sim.warmup_s;
  const double to_s = std::max(sim.horizon_s, from_s + kSecondsPerDay);
  std::vector<double> rate(direction.demand.size(), 0.0);
  double total_rate = 0;
  for (std::size_t f = 0; f < direction.demand.size(); ++f) {
    const DemandFlow& flow = direction.demand[f];
    rate[f] = flow.mean_rate_per_s * flow.scale * flow.mean_factor(sim.calendar, from_s, to_s);
    total_rate += rate[f];
  }
  if (total_rate <= 0) return out;
  for (std::size_t f = 0; f < direction.demand.size(); ++f)
    out.class_share[static_cast<std::size_t>(direction.demand[f].class_index)] += rate[f] / total_rate;

  for (std::size_t k = 0; k < classes; ++k) {
    if (out.class_share[k] <= 0) continue;
    for (std::size_t s = 0; s < direction.stages.size(); ++s) {
      const Stage& st = direction.stages[s];
      if (st.visit_probability[k] <= 0 || !st.service[k]) continue;
      // The groups serving k, and every class with demand that shares them.
      std::vector<bool> sharing(classes, false);
      double lane_s_per_day = 0;
      for (const auto& g : st.lane_groups) {
        if (!g.serves(static_cast<int>(k))) continue;
        lane_s_per_day += g.mean_lanes(sim.calendar, from_s, to_s) * kSecondsPerDay;
        for (int c : g.served_classes) sharing[static_cast<std::size_t>(c)] = true;
      }
      double share = 0;
      double work_s = 0; // per vehicle of the sharing traffic
      for (std::size_t c = 0; c < classes; ++c) {
        if (!sharing[c] || out.class_share[c] <= 0 || !st.service[c]) continue;
        share += out.class_share[c];
        work_s += out.class_share[c] * st.visit_probability[c] * st.service[c]->mean();
      }
      if (share <= 0 || work_s <= 0) continue;
      const double per_day = lane_s_per_day / (work_s / share) * out.class_share[k] / share;
      if (per_day < out.class_per_day[k]) {
        out.class_per_day[k] = per_day;
        out.class_bottleneck[k] = static_cast<int>(s);
      }
    }
  }
  const auto main = static_cast<std::size_t>(std::max_element(out.class_share.begin(), out.class_share.end()) - out.class_share.begin());
  out.main_bottleneck_stage = out.class_bottleneck[main];
  return out;
}

} // namespace bordersim
