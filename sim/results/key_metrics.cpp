#include "sim/results/key_metrics.hpp"

#include <cmath>

#include "models/capacity.hpp"
#include "models/formats/units.hpp"
#include "sim/results/aggregate.hpp"

namespace bordersim {

std::vector<MetricSeries> key_metrics(const Scenario& scenario, const std::vector<ReplicationResult>& results)
{
  std::vector<MetricSeries> out;
  const std::size_t class_count = scenario.classes.size();
  const auto reported = reported_classes(scenario);
  const double nan = std::nan("");
  std::size_t route = 0;
  std::size_t first_stage = 0;
  for (const auto& crossing : scenario.crossings) {
    for (const auto& dir : crossing.directions) {
      auto add = [&](const std::string& cls, const char* metric, const char* unit, auto value_of) {
        MetricSeries m{{crossing.id, dir.id, cls, metric}, unit, {}};
        for (const auto& r : results) m.per_replication.push_back(value_of(r));
        out.push_back(std::move(m));
      };
      for (std::size_t ci = 0; ci < class_count; ++ci) {
        if (!reported[route][ci]) continue;
        const std::size_t f = route * class_count + ci;
        const std::string& cls = scenario.classes[ci].id;
        auto days = [](const ReplicationResult& r) { return r.window_s / kSecondsPerDay; };
        add(cls, "served_per_day", "vehicles/day", [&](const ReplicationResult& r) { return static_cast<double>(r.flows[f].departures) / days(r); });
        add(cls, "diverted_out_per_day", "vehicles/day",
            [&](const ReplicationResult& r) { return static_cast<double>(r.flows[f].diverted_out) / days(r); });
        add(cls, "wait_mean_min", "min", [&](const ReplicationResult& r) {
          const auto& t = r.flows[f];
          return t.cohort_done ? t.wait_sum_s / static_cast<double>(t.cohort_done) / kSecondsPerMinute : nan;
        });
        add(cls, "wait_p95_min", "min", [&](const ReplicationResult& r) {
          const auto& t = r.flows[f];
          return t.wait.count() ? std::min(t.wait.quantile(0.95), t.wait_max_s) / kSecondsPerMinute : nan;
        });
        add(cls, "system_time_p95_min", "min", [&](const ReplicationResult& r) {
          const auto& t = r.flows[f];
          return t.system_time.count() ? std::min(t.system_time.quantile(0.95), t.system_max_s) / kSecondsPerMinute : nan;
        });
      }
      const std::size_t s0 = first_stage;
      add("all", "queue_mean", "vehicles", [&](const ReplicationResult& r) { return r.stages[s0].queue_integral / r.window_s; });
      add("all", "queue_max", "vehicles", [&](const ReplicationResult& r) { return r.stages[s0].queue_max; });
      add("all", "queue_mean_km", "km", [&](const ReplicationResult& r) { return r.stages[s0].queue_m_integral / r.window_s / 1000; });
      add("all", "queue_max_km", "km", [&](const ReplicationResult& r) { return r.stages[s0].queue_m_max / 1000; });
      const DirectionCapacity capacity = design_capacity(scenario, dir);
      if (capacity.main_bottleneck_stage >= 0) {
        const std::size_t sb = first_stage + static_cast<std::size_t>(capacity.main_bottleneck_stage);
        add("all", "bottleneck_utilization", "share", [&](const ReplicationResult& r) {
          const auto& t = r.stages[sb];
          return t.open_integral > 0 ? t.serving_integral / t.open_integral : nan;
        });
      }
      first_stage += dir.stages.size();
      ++route;
    }
  }
  return out;
}

const MetricSeries* find_metric(const std::vector<MetricSeries>& metrics, const MetricKey& key)
{
  for (const auto& m : metrics)
    if (m.key == key) return &m;
  return nullptr;
}

} // namespace bordersim
