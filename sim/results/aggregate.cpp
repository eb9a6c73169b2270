#include "sim/results/aggregate.hpp"

#include "sim/results/estimate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/capacity.hpp"
#include "models/formats/units.hpp"

namespace bordersim {
namespace {

std::optional<double> minutes(double seconds)
{
  if (std::isnan(seconds)) return std::nullopt;
  return seconds / kSecondsPerMinute;
}

std::optional<double> present(double x)
{
  if (std::isnan(x)) return std::nullopt;
  return x;
}

/// Sets a mean and its half-width from replication values (in seconds when `unit_s` is a minute).
void set_estimate(const std::vector<double>& values, std::optional<double>& mean, std::optional<double>& ci95, double unit = 1.0)
{
  const Estimate e = estimate(values);
  mean = present(e.mean / unit);
  ci95 = present(e.ci95 / unit);
}

ReplicationRow replication_row(const Scenario& scenario, const ReplicationResult& r, const char* level, const Crossing& crossing,
                               const Direction& dir)
{
  ReplicationRow rr;
  rr.scenario = scenario.name;
  rr.replication = r.replication;
  rr.level = level;
  rr.crossing = crossing.id;
  rr.direction = dir.id;
  return rr;
}

} // namespace

std::vector<std::vector<bool>> reported_classes(const Scenario& scenario)
{
  // A class is reported on a route when it has demand there or some flow may divert to it.
  std::vector<std::vector<bool>> reported;
  std::vector<std::pair<int, int>> route_index; // (crossing, direction) in route order
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c)
    for (std::size_t d = 0; d < scenario.crossings[c].directions.size(); ++d) {
      reported.emplace_back(scenario.classes.size(), false);
      route_index.emplace_back(static_cast<int>(c), static_cast<int>(d));
    }
  auto route_of = [&](int c, int d) {
    return static_cast<std::size_t>(std::find(route_index.begin(), route_index.end(), std::make_pair(c, d)) - route_index.begin());
  };
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c)
    for (std::size_t d = 0; d < scenario.crossings[c].directions.size(); ++d)
      for (const auto& flow : scenario.crossings[c].directions[d].demand) {
        reported[route_of(static_cast<int>(c), static_cast<int>(d))][static_cast<std::size_t>(flow.class_index)] = true;
        for (const auto& alt : flow.alternatives)
          reported[route_of(alt.crossing, alt.direction)][static_cast<std::size_t>(flow.class_index)] = true;
      }
  return reported;
}

RunTables aggregate(const Scenario& scenario, const std::vector<ReplicationResult>& results)
{
  RunTables tables;
  const std::size_t class_count = scenario.classes.size();
  const auto reps = static_cast<std::int64_t>(results.size());
  const auto reported = reported_classes(scenario);
  std::size_t route = 0;
  std::size_t stage_index = 0;
  for (const auto& crossing : scenario.crossings) {
    for (const auto& dir : crossing.directions) {
      const DirectionCapacity capacity = design_capacity(scenario, dir);
      for (std::size_t ci = 0; ci < class_count; ++ci) {
        if (!reported[route][ci]) continue;
        const std::size_t f = route * class_count + ci;
        SummaryRow row;
        row.scenario = scenario.name;
        row.crossing = crossing.id;
        row.direction = dir.id;
        row.vehicle_class = scenario.classes[ci].id;
        row.replications = reps;
        if (capacity.class_bottleneck[ci] >= 0) {
          row.design_capacity_per_day = capacity.class_per_day[ci];
          row.bottleneck_stage = dir.stages[static_cast<std::size_t>(capacity.class_bottleneck[ci])].id;
        }
        std::vector<double> arrived, served, diverted_out, diverted_in, wait, system, in_system;
        LogHistogram wait_all, system_all;
        double wait_max = 0, system_max = 0;
        std::int64_t measured = 0;
        for (const auto& r : results) {
          const FlowTally& t = r.flows[f];
          const double days = r.window_s / kSecondsPerDay;
          arrived.push_back(static_cast<double>(t.arrivals) / days);
          served.push_back(static_cast<double>(t.departures) / days);
          diverted_out.push_back(static_cast<double>(t.diverted_out) / days);
          diverted_in.push_back(static_cast<double>(t.diverted_in) / days);
          const double n = static_cast<double>(t.cohort_done);
          wait.push_back(t.cohort_done ? t.wait_sum_s / n : std::nan(""));
          system.push_back(t.cohort_done ? t.system_sum_s / n : std::nan(""));
          in_system.push_back(static_cast<double>(t.in_system_at_end));
          wait_all.merge(t.wait);
          system_all.merge(t.system_time);
          wait_max = std::max(wait_max, t.wait_max_s);
          system_max = std::max(system_max, t.system_max_s);
          measured += static_cast<std::int64_t>(t.cohort_done);

          ReplicationRow rr = replication_row(scenario, r, "class", crossing, dir);
          rr.vehicle_class = row.vehicle_class;
          rr.arrived = static_cast<double>(t.arrivals);
          rr.served = static_cast<double>(t.departures);
          rr.in_system_at_warmup = static_cast<double>(t.in_system_at_warmup);
          rr.in_system_at_end = static_cast<double>(t.in_system_at_end);
          rr.diverted_out = static_cast<double>(t.diverted_out);
          rr.diverted_in = static_cast<double>(t.diverted_in);
          rr.wait_mean_min = minutes(wait.back());
          rr.system_time_mean_min = minutes(system.back());
          tables.replications.push_back(std::move(rr));
        }
        row.arrived_per_day = estimate(arrived).mean;
        row.served_per_day = estimate(served).mean;
        row.diverted_out_per_day = estimate(diverted_out).mean;
        row.diverted_in_per_day = estimate(diverted_in).mean;
        set_estimate(wait, row.wait_mean_min, row.wait_mean_min_ci95, kSecondsPerMinute);
        set_estimate(system, row.system_time_mean_min, row.system_time_mean_min_ci95, kSecondsPerMinute);
        if (wait_all.count()) {
          row.wait_p50_min = std::min(wait_all.quantile(0.50), wait_max) / kSecondsPerMinute;
          row.wait_p95_min = std::min(wait_all.quantile(0.95), wait_max) / kSecondsPerMinute;
          row.wait_max_min = wait_max / kSecondsPerMinute;
          row.system_time_p95_min = std::min(system_all.quantile(0.95), system_max) / kSecondsPerMinute;
        }
        row.in_system_at_end = estimate(in_system).mean;
        row.vehicles_measured = measured;
        tables.summary.push_back(std::move(row));
      }
      for (const auto& st : dir.stages) {
        StageRow row;
        row.scenario = scenario.name;
        row.crossing = crossing.id;
        row.direction = dir.id;
        row.stage = st.id;
        row.lanes = st.total_lanes();
        std::vector<double> served, served_day, wait, queue, queue_m, util, blocked, open_lanes;
        LogHistogram wait_all;
        double wait_max = 0;
        for (const auto& r : results) {
          const StageTally& t = r.stages[stage_index];
          const double days = r.window_s / kSecondsPerDay;
          served.push_back(static_cast<double>(t.served));
          served_day.push_back(static_cast<double>(t.served) / days);
          wait.push_back(t.cohort_waits ? t.wait_sum_s / static_cast<double>(t.cohort_waits) : std::nan(""));
          queue.push_back(t.queue_integral / r.window_s);
          open_lanes.push_back(t.open_integral / r.window_s);
          queue_m.push_back(t.queue_m_integral / r.window_s);
          util.push_back(t.open_integral > 0 ? t.serving_integral / t.open_integral : std::nan(""));
          blocked.push_back(t.open_integral > 0 ? t.holding_integral / t.open_integral : std::nan(""));
          wait_all.merge(t.wait);
          wait_max = std::max(wait_max, t.wait_max_s);
          row.queue_max = std::max(row.queue_max, t.queue_max);
          row.queue_max_km = std::max(row.queue_max_km, t.queue_m_max / 1000.0);

          ReplicationRow rr = replication_row(scenario, r, "stage", crossing, dir);
          rr.stage = st.id;
          rr.served = static_cast<double>(t.served);
          rr.wait_mean_min = minutes(wait.back());
          rr.queue_mean = queue.back();
          if (!std::isnan(util.back())) rr.utilization = util.back();
          tables.replications.push_back(std::move(rr));
        }
        row.served = estimate(served).mean;
        row.open_lanes_mean = estimate(open_lanes).mean;
        row.served_per_day = estimate(served_day).mean;
        set_estimate(wait, row.wait_mean_min, row.wait_mean_min_ci95, kSecondsPerMinute);
        if (wait_all.count()) row.wait_p95_min = std::min(wait_all.quantile(0.95), wait_max) / kSecondsPerMinute;
        const Estimate q = estimate(queue);
        row.queue_mean = q.mean;
        row.queue_mean_ci95 = present(q.ci95);
        row.queue_mean_km = estimate(queue_m).mean / 1000.0;
        set_estimate(util, row.utilization, row.utilization_ci95);
        row.blocked_share = present(estimate(blocked).mean);
        tables.stages.push_back(std::move(row));
        ++stage_index;
      }
      ++route;
    }
  }
  return tables;
}

} // namespace bordersim
