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
  double total_rate = 0;
  for (const auto& flow : direction.demand) total_rate += flow.mean_rate_per_s * flow.scale;
  if (total_rate <= 0) return out;
  for (const auto& flow : direction.demand)
    out.class_share[static_cast<std::size_t>(flow.class_index)] += flow.mean_rate_per_s * flow.scale / total_rate;
  const double span_s = std::max(sim.horizon_s, kSecondsPerDay);

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
        lane_s_per_day += g.lane_count * g.hours.open_fraction(sim.calendar, 0, span_s) * kSecondsPerDay;
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
