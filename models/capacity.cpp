#include "models/capacity.hpp"

#include <algorithm>
#include <limits>

#include "models/units.hpp"

namespace bordersim {

DirectionCapacity design_capacity(const Scenario& scenario, const Direction& direction)
{
  DirectionCapacity out;
  const auto& sim = scenario.simulation;
  out.class_share.assign(scenario.classes.size(), 0.0);
  double total_rate = 0;
  for (const auto& flow : direction.demand) total_rate += flow.mean_rate_per_s * flow.scale;
  if (total_rate <= 0) return out;
  for (const auto& flow : direction.demand)
    out.class_share[static_cast<std::size_t>(flow.class_index)] += flow.mean_rate_per_s * flow.scale / total_rate;
  const double span_s = std::max(sim.horizon_s, kSecondsPerDay);
  double least = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < direction.stages.size(); ++k) {
    const Stage& st = direction.stages[k];
    double work_s = 0; // service time one vehicle of the mix brings here, on average
    for (std::size_t c = 0; c < out.class_share.size(); ++c)
      if (out.class_share[c] > 0 && st.service[c]) work_s += out.class_share[c] * st.visit_probability[c] * st.service[c]->mean();
    double lane_s_per_day = 0;
    for (const auto& g : st.lane_groups) {
      const bool serves_mix = std::any_of(g.served_classes.begin(), g.served_classes.end(),
                                          [&](int c) { return out.class_share[static_cast<std::size_t>(c)] > 0; });
      if (serves_mix) lane_s_per_day += g.lane_count * g.hours.open_fraction(sim.calendar, 0, span_s) * kSecondsPerDay;
    }
    const double per_day = work_s > 0 ? lane_s_per_day / work_s : std::numeric_limits<double>::infinity();
    out.stage_per_day.push_back(per_day);
    if (per_day < least) {
      least = per_day;
      out.bottleneck_stage = static_cast<int>(k);
    }
  }
  out.vehicles_per_day = least;
  return out;
}

} // namespace bordersim
