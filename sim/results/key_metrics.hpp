// The key capacity metrics, one value per replication, for comparisons, baselines and capacity search.
#pragma once

#include <string>
#include <vector>

#include "models/run_layout.hpp"
#include "sim/results/estimate.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

/// A metric of a class (vehicle_class = the class), of a stage (vehicle_class "all", stage = its id), or of a
/// whole direction (vehicle_class "all", no stage).
struct MetricKey {
  std::string crossing, direction, vehicle_class, metric;
  std::string stage; // empty unless a stage's metric
  bool operator==(const MetricKey&) const = default;
  /// "kordai/kz_to_kg/truck/wait_p95_min", "kordai/kz_to_kg/stage:kz_exit_control/queue_mean" (ids hold no ':').
  std::string text() const
  {
    return crossing + "/" + direction + "/" + (stage.empty() ? vehicle_class : "stage:" + stage) + "/" + metric;
  }
};

/// Which way a metric is better: waits, queues and vehicles turned away lower, throughput higher; a
/// utilisation neither (it rises with throughput as well as with lost capacity).
enum class Better { lower, higher, neither };
Better better_direction(const std::string& metric);

struct MetricSeries {
  MetricKey key;
  std::string unit;                    // counts say vehicles or people, as `kind` is
  std::vector<double> per_replication; // NaN where a replication has no value
  std::string kind = "vehicle";        // or "person": the class's, or what queues at the stage
};

/// Per class: served_per_day, diverted_out_per_day, wait_mean_min, wait_p95_min, system_time_mean_min,
/// system_time_p95_min; wait_cost_usd_per_day and idle_co2_kg_per_day where the class has the rates.
/// Per stage (class "all"): queue_mean, queue_max, queue_mean_km, queue_max_km (the queue before the stage),
/// utilization. Per direction (class "all", no stage): bottleneck_utilization (the design bottleneck stage's).
/// Percentiles are per replication, so that every metric has an interval over replications (see FlowTally).
std::vector<MetricSeries> key_metrics(const RunLayout& layout, const std::vector<ReplicationResult>& results);

const MetricSeries* find_metric(const std::vector<MetricSeries>& metrics, const MetricKey& key);

} // namespace bordersim
