// The key capacity metrics, one value per replication, for comparisons, baselines and capacity search.
#pragma once

#include <string>
#include <vector>

#include "models/run_layout.hpp"
#include "sim/results/estimate.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

struct MetricKey {
  std::string crossing, direction, vehicle_class, metric; // vehicle_class "all" for direction-level metrics
  bool operator==(const MetricKey&) const = default;
  std::string text() const { return crossing + "/" + direction + "/" + vehicle_class + "/" + metric; }
};

struct MetricSeries {
  MetricKey key;
  std::string unit;
  std::vector<double> per_replication; // NaN where a replication has no value
};

/// Per class: served_per_day, diverted_out_per_day, wait_mean_min, wait_p95_min, system_time_p95_min.
/// Per direction (class "all"): queue_mean, queue_max, queue_mean_km, queue_max_km (before the first stage),
/// bottleneck_utilization (the design bottleneck stage's).
/// Percentiles are per replication, so that every metric has an interval over replications (see FlowTally).
std::vector<MetricSeries> key_metrics(const RunLayout& layout, const std::vector<ReplicationResult>& results);

const MetricSeries* find_metric(const std::vector<MetricSeries>& metrics, const MetricKey& key);

} // namespace bordersim
