#include "sim/results/key_metrics.hpp"

#include <algorithm>

#include "models/capacity.hpp"
#include "models/formats/units.hpp"
#include "sim/results/aggregate.hpp"

namespace bordersim {

std::vector<MetricSeries> key_metrics(const RunLayout& layout, const std::vector<ReplicationResult>& results)
{
  std::vector<MetricSeries> out;
  for (std::size_t route = 0; route < layout.routes().size(); ++route) {
    const int r = static_cast<int>(route);
    const Crossing& crossing = layout.crossing(r);
    const Direction& dir = layout.direction(r);
    auto add = [&](const std::string& cls, ClassKind kind, const char* metric, const std::string& unit, auto value_of) {
      MetricSeries m{{crossing.id, dir.id, cls, metric, {}}, unit, {}, std::string(kind_name(kind))};
      for (const auto& result : results) m.per_replication.push_back(value_of(result));
      out.push_back(std::move(m));
    };
    for (std::size_t ci = 0; ci < layout.class_count(); ++ci) {
      if (!layout.reported(r, static_cast<int>(ci))) continue;
      const std::size_t f = layout.flow(r, static_cast<int>(ci));
      const std::string& cls = layout.scenario().classes[ci].id;
      const ClassKind kind = layout.class_kind(static_cast<int>(ci));
      const std::string per_day = std::string(kind_plural(kind)) + "/day";
      add(cls, kind, "served_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].departures); });
      add(cls, kind, "diverted_out_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].diverted_out); });
      add(cls, kind, "wait_mean_min", "min", [&](const ReplicationResult& x) { return x.flows[f].wait_mean_s() / kSecondsPerMinute; });
      add(cls, kind, "wait_p95_min", "min", [&](const ReplicationResult& x) { return x.flows[f].wait_quantile_s(0.95) / kSecondsPerMinute; });
      add(cls, kind, "system_time_mean_min", "min", [&](const ReplicationResult& x) { return x.flows[f].system_time_mean_s() / kSecondsPerMinute; });
      add(cls, kind, "system_time_p95_min", "min",
          [&](const ReplicationResult& x) { return x.flows[f].system_time_quantile_s(0.95) / kSecondsPerMinute; });
      // What the waits cost, where the class has the rates (summary.csv's columns of the same names).
      const VehicleClass& vc = layout.scenario().classes[ci];
      if (vc.value_of_time_usd_per_hour)
        add(cls, kind, "wait_cost_usd_per_day", "USD/day",
            [&](const ReplicationResult& x) { return cohort_wait_hours_per_day(x, f) * *vc.value_of_time_usd_per_hour; });
      if (vc.idle_fuel_l_per_hour && vc.co2_kg_per_l)
        add(cls, kind, "idle_co2_kg_per_day", "kg/day",
            [&](const ReplicationResult& x) { return cohort_wait_hours_per_day(x, f) * *vc.idle_fuel_l_per_hour * *vc.co2_kg_per_l; });
      // Where a flow has impatient drivers or books slots, what they do: without these a scenario whose drivers give
      // up would compare better than one that serves them, and the wait for a slot would go unseen.
      const auto spec = std::find_if(dir.demand.begin(), dir.demand.end(), [&](const DemandFlow& d) { return d.class_index == static_cast<int>(ci); });
      if (spec == dir.demand.end()) continue;
      const Impatience& impatience = spec->impatience;
      if (impatience.patience) {
        add(cls, kind, "abandoned_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].abandoned); });
        if (!spec->alternatives.empty())
          add(cls, kind, "diverted_impatient_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].diverted_impatient); });
        add(cls, kind, "wait_mean_incl_waiting_min", "min",
            [&](const ReplicationResult& x) { return x.flows[f].wait_mean_incl_unfinished_s() / kSecondsPerMinute; });
      }
      if (impatience.balk_queue_over >= 0)
        add(cls, kind, "balked_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].balked); });
      if (impatience.stay_home_queue_over >= 0)
        add(cls, kind, "suppressed_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].suppressed); });
      if (spec->booking.on()) {
        add(cls, kind, "booked_per_day", per_day, [&](const ReplicationResult& x) { return x.per_day(x.flows[f].booked); });
        add(cls, kind, "slot_wait_mean_min", "min", [&](const ReplicationResult& x) { return x.flows[f].slot_wait_mean_s() / kSecondsPerMinute; });
      }
    }
    // Every stage's queue: a vehicle queue behind a passport hall is as much the crossing's as the hall's.
    for (const int stage : layout.routes()[route].stages) {
      const auto si = static_cast<std::size_t>(stage);
      const std::string& id = layout.stages()[si].spec->id;
      const ClassKind kind = layout.stages()[si].kind;
      const std::string count(kind_plural(kind));
      auto add_stage = [&](const char* metric, const std::string& unit, auto value_of) {
        MetricSeries m{{crossing.id, dir.id, "all", metric, id}, unit, {}, std::string(kind_name(kind))};
        for (const auto& result : results) m.per_replication.push_back(value_of(result.stages[si], result));
        out.push_back(std::move(m));
      };
      add_stage("queue_mean", count, [](const StageTally& t, const ReplicationResult& x) { return t.queue_mean(x.window_s); });
      add_stage("queue_max", count, [](const StageTally& t, const ReplicationResult&) { return t.queue_max; });
      add_stage("queue_mean_km", "km", [](const StageTally& t, const ReplicationResult& x) { return t.queue_mean_m(x.window_s) / 1000; });
      add_stage("queue_max_km", "km", [](const StageTally& t, const ReplicationResult&) { return t.queue_m_max / 1000; });
      add_stage("utilization", "share", [](const StageTally& t, const ReplicationResult&) { return t.utilization(); });
    }
    const DirectionCapacity capacity = design_capacity(layout.scenario(), dir);
    if (capacity.main_bottleneck_stage >= 0) {
      const auto sb = static_cast<std::size_t>(layout.routes()[route].stages[static_cast<std::size_t>(capacity.main_bottleneck_stage)]);
      add("all", layout.stages()[sb].kind, "bottleneck_utilization", "share", [&](const ReplicationResult& x) { return x.stages[sb].utilization(); });
    }
  }
  return out;
}

Better better_direction(const std::string& metric)
{
  if (metric == "served_per_day") return Better::higher;
  if (metric == "utilization" || metric == "bottleneck_utilization" || metric == "booked_per_day") return Better::neither;
  return Better::lower; // waits, system times, queues, vehicles turned away, given up, balked or staying home
}

const MetricSeries* find_metric(const std::vector<MetricSeries>& metrics, const MetricKey& key)
{
  for (const auto& m : metrics)
    if (m.key == key) return &m;
  return nullptr;
}

} // namespace bordersim
