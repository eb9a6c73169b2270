#include "sim/results/aggregate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "models/capacity.hpp"
#include "models/formats/units.hpp"
#include "sim/results/estimate.hpp"
#include "sim/results/warmup.hpp"

namespace bordersim {
namespace {

std::optional<double> present(double x)
{
  if (std::isnan(x)) return std::nullopt;
  return x;
}

std::optional<double> minutes(double seconds) { return present(seconds / kSecondsPerMinute); }

/// Sets a mean and its half-width from replication values, divided by `unit` (kSecondsPerMinute for minutes).
void set_estimate(const std::vector<double>& values, std::optional<double>& mean, std::optional<double>& ci95, double unit = 1.0)
{
  const Estimate e = estimate(values);
  mean = present(e.mean / unit);
  ci95 = present(e.ci95 / unit);
}

} // namespace

bool is_unstable(std::optional<double> growth_per_day, std::optional<double> growth_ci95, double arrived_per_day)
{
  if (!growth_per_day || *growth_per_day <= kUnstableGrowthShare * arrived_per_day) return false;
  // With one replication there is no interval: the growth alone decides.
  return !growth_ci95 || *growth_per_day - *growth_ci95 > 0;
}

namespace {

ReplicationRow replication_row(const RunLayout& layout, const ReplicationResult& r, const char* level, int route)
{
  ReplicationRow rr;
  rr.scenario = layout.scenario().name;
  rr.replication = r.replication;
  rr.level = level;
  rr.crossing = layout.crossing(route).id;
  rr.direction = layout.direction(route).id;
  return rr;
}

} // namespace

double cohort_wait_hours_per_day(const ReplicationResult& r, std::size_t f)
{
  const FlowTally& t = r.flows[f];
  return r.change_per_day((t.wait_sum_s + t.unfinished_wait_sum_s + t.gave_up_wait_sum_s) / kSecondsPerHour);
}

WaitCosts wait_costs(const RunLayout& layout, const std::vector<ReplicationResult>& results, const std::vector<std::pair<std::size_t, int>>& flows)
{
  WaitCosts out;
  bool costed = false, fuelled = false, emitting = false;
  for (const auto& [f, ci] : flows) {
    const VehicleClass& c = layout.scenario().classes[static_cast<std::size_t>(ci)];
    costed = costed || c.value_of_time_usd_per_hour;
    fuelled = fuelled || c.idle_fuel_l_per_hour;
    emitting = emitting || (c.idle_fuel_l_per_hour && c.co2_kg_per_l);
  }
  for (const auto& r : results) {
    double cost = 0, fuel = 0, co2 = 0;
    for (const auto& [f, ci] : flows) {
      const VehicleClass& c = layout.scenario().classes[static_cast<std::size_t>(ci)];
      const double hours = cohort_wait_hours_per_day(r, f);
      cost += hours * c.value_of_time_usd_per_hour.value_or(0);
      fuel += hours * c.idle_fuel_l_per_hour.value_or(0);
      co2 += hours * c.idle_fuel_l_per_hour.value_or(0) * c.co2_kg_per_l.value_or(0);
    }
    if (costed) out.cost_usd.push_back(cost);
    if (fuelled) out.fuel_l.push_back(fuel);
    if (emitting) out.co2_kg.push_back(co2);
  }
  return out;
}

WaitCosts border_wait_costs(const RunLayout& layout, const std::vector<ReplicationResult>& results)
{
  std::vector<std::pair<std::size_t, int>> flows;
  for (std::size_t route = 0; route < layout.routes().size(); ++route)
    for (std::size_t ci = 0; ci < layout.class_count(); ++ci)
      if (layout.reported(static_cast<int>(route), static_cast<int>(ci)))
        flows.emplace_back(layout.flow(static_cast<int>(route), static_cast<int>(ci)), static_cast<int>(ci));
  return wait_costs(layout, results, flows);
}

namespace {

SummaryRow summary_row(const RunLayout& layout, const std::vector<ReplicationResult>& results, int route, int ci,
                       const DirectionCapacity& capacity, std::vector<ReplicationRow>& replication_rows)
{
  const Direction& dir = layout.direction(route);
  const std::size_t f = layout.flow(route, ci);
  SummaryRow row;
  row.scenario = layout.scenario().name;
  row.crossing = layout.crossing(route).id;
  row.direction = dir.id;
  row.vehicle_class = layout.scenario().classes[static_cast<std::size_t>(ci)].id;
  row.kind = kind_name(layout.class_kind(ci));
  row.replications = static_cast<std::int64_t>(results.size());
  if (capacity.class_bottleneck[static_cast<std::size_t>(ci)] >= 0) {
    row.design_capacity_per_day = capacity.class_per_day[static_cast<std::size_t>(ci)];
    row.bottleneck_stage = dir.stages[static_cast<std::size_t>(capacity.class_bottleneck[static_cast<std::size_t>(ci)])].id;
  }
  std::vector<double> arrived, served, diverted_out, diverted_in, wait, system, in_system, growth, wait_incl_waiting;
  std::vector<double> abandoned, abandoned_share, diverted_impatient, balked, balked_share, suppressed;
  std::vector<double> booked, no_shows, slot_wait, awaiting_slot;
  PooledWaits pooled;
  std::int64_t measured = 0;
  for (const auto& r : results) {
    const FlowTally& t = r.flows[f];
    arrived.push_back(r.per_day(t.arrivals));
    served.push_back(r.per_day(t.departures));
    diverted_out.push_back(r.per_day(t.diverted_out));
    diverted_in.push_back(r.per_day(t.diverted_in));
    wait.push_back(t.wait_mean_s());
    system.push_back(t.system_time_mean_s());
    in_system.push_back(static_cast<double>(t.in_system_at_end));
    growth.push_back(r.change_per_day(static_cast<double>(t.in_system_at_end) - static_cast<double>(t.in_system_at_warmup)));
    wait_incl_waiting.push_back(t.wait_mean_incl_unfinished_s());
    abandoned.push_back(r.per_day(t.abandoned));
    abandoned_share.push_back(tally_detail::share_or_nan(static_cast<double>(t.abandoned), static_cast<double>(t.arrivals)));
    diverted_impatient.push_back(r.per_day(t.diverted_impatient));
    balked.push_back(r.per_day(t.balked));
    balked_share.push_back(tally_detail::share_or_nan(static_cast<double>(t.balked), static_cast<double>(t.arrivals)));
    suppressed.push_back(r.per_day(t.suppressed));
    booked.push_back(r.per_day(t.booked));
    no_shows.push_back(r.per_day(t.no_shows));
    slot_wait.push_back(t.slot_wait_mean_s());
    awaiting_slot.push_back(static_cast<double>(t.awaiting_slot_at_end));
    pooled.add(t);
    measured += static_cast<std::int64_t>(t.cohort_done);

    ReplicationRow rr = replication_row(layout, r, "class", route);
    rr.vehicle_class = row.vehicle_class;
    rr.arrived = static_cast<double>(t.arrivals);
    rr.served = static_cast<double>(t.departures);
    rr.in_system_at_warmup = static_cast<double>(t.in_system_at_warmup);
    rr.in_system_at_end = static_cast<double>(t.in_system_at_end);
    rr.diverted_out = static_cast<double>(t.diverted_out);
    rr.diverted_in = static_cast<double>(t.diverted_in);
    rr.wait_mean_min = minutes(wait.back());
    rr.system_time_mean_min = minutes(system.back());
    rr.abandoned = static_cast<double>(t.abandoned);
    rr.diverted_impatient = static_cast<double>(t.diverted_impatient);
    rr.balked = static_cast<double>(t.balked);
    rr.suppressed = static_cast<double>(t.suppressed);
    rr.booked = static_cast<double>(t.booked);
    rr.no_shows = static_cast<double>(t.no_shows);
    rr.arrived_booked = static_cast<double>(t.arrivals_booked);
    rr.awaiting_slot_at_warmup = static_cast<double>(t.awaiting_slot_at_warmup);
    rr.awaiting_slot_at_end = static_cast<double>(t.awaiting_slot_at_end);
    replication_rows.push_back(std::move(rr));
  }
  row.arrived_per_day = estimate(arrived).mean;
  row.served_per_day = estimate(served).mean;
  row.diverted_out_per_day = estimate(diverted_out).mean;
  row.diverted_in_per_day = estimate(diverted_in).mean;
  set_estimate(wait, row.wait_mean_min, row.wait_mean_min_ci95, kSecondsPerMinute);
  set_estimate(system, row.system_time_mean_min, row.system_time_mean_min_ci95, kSecondsPerMinute);
  if (pooled.wait.count()) {
    row.wait_p50_min = pooled.wait_quantile_s(0.50) / kSecondsPerMinute;
    row.wait_p95_min = pooled.wait_quantile_s(0.95) / kSecondsPerMinute;
    row.wait_max_min = pooled.wait_max_s / kSecondsPerMinute;
    row.system_time_p95_min = pooled.system_time_quantile_s(0.95) / kSecondsPerMinute;
  }
  row.in_system_at_end = estimate(in_system).mean;
  row.vehicles_measured = measured;
  set_estimate(growth, row.queue_growth_per_day, row.queue_growth_per_day_ci95);
  set_estimate(wait_incl_waiting, row.wait_mean_incl_waiting_min, row.wait_mean_incl_waiting_min_ci95, kSecondsPerMinute);
  set_estimate(abandoned, row.abandoned_per_day, row.abandoned_per_day_ci95);
  set_estimate(abandoned_share, row.abandoned_share, row.abandoned_share_ci95);
  set_estimate(diverted_impatient, row.diverted_impatient_per_day, row.diverted_impatient_per_day_ci95);
  set_estimate(balked, row.balked_per_day, row.balked_per_day_ci95);
  set_estimate(balked_share, row.balked_share, row.balked_share_ci95);
  set_estimate(suppressed, row.suppressed_per_day, row.suppressed_per_day_ci95);
  set_estimate(booked, row.booked_per_day, row.booked_per_day_ci95);
  set_estimate(no_shows, row.no_show_per_day, row.no_show_per_day_ci95);
  set_estimate(slot_wait, row.slot_wait_mean_min, row.slot_wait_mean_min_ci95, kSecondsPerMinute);
  if (pooled.slot_wait.count()) row.slot_wait_p95_min = pooled.slot_wait_quantile_s(0.95) / kSecondsPerMinute;
  row.awaiting_slot_at_end = estimate(awaiting_slot).mean;
  std::vector<double> wait_hours;
  for (const auto& r : results) wait_hours.push_back(cohort_wait_hours_per_day(r, f));
  set_estimate(wait_hours, row.wait_hours_per_day, row.wait_hours_per_day_ci95);
  const WaitCosts costs = wait_costs(layout, results, {{f, ci}});
  set_estimate(costs.cost_usd, row.wait_cost_usd_per_day, row.wait_cost_usd_per_day_ci95);
  set_estimate(costs.fuel_l, row.idle_fuel_l_per_day, row.idle_fuel_l_per_day_ci95);
  set_estimate(costs.co2_kg, row.idle_co2_kg_per_day, row.idle_co2_kg_per_day_ci95);
  row.stable = is_unstable(row.queue_growth_per_day, row.queue_growth_per_day_ci95, row.arrived_per_day) ? "no" : "yes";
  return row;
}

StageRow stage_row(const RunLayout& layout, const std::vector<ReplicationResult>& results, int stage,
                   std::vector<ReplicationRow>& replication_rows)
{
  const RunLayout::StageEntry& entry = layout.stages()[static_cast<std::size_t>(stage)];
  const Stage& st = *entry.spec;
  StageRow row;
  row.scenario = layout.scenario().name;
  row.crossing = layout.crossing(entry.route).id;
  row.direction = layout.direction(entry.route).id;
  row.stage = st.id;
  row.kind = kind_name(entry.kind);
  row.lanes = st.total_lanes();
  std::vector<double> served, served_day, wait, queue, queue_m, util, blocked, open_lanes, staff_cost_day, broken;
  std::vector<double> zone, road, road_m;
  std::vector<double> batches; // the queue's batch means, averaged over the replications
  PooledWaits pooled;
  for (const auto& r : results) {
    const StageTally& t = r.stages[static_cast<std::size_t>(stage)];
    served.push_back(static_cast<double>(t.served));
    served_day.push_back(r.per_day(t.served));
    wait.push_back(t.wait_mean_s());
    queue.push_back(t.queue_mean(r.window_s));
    open_lanes.push_back(t.open_lanes_mean(r.window_s));
    staff_cost_day.push_back(t.staff_cost_integral / r.window_s * kSecondsPerDay);
    queue_m.push_back(t.queue_mean_m(r.window_s));
    util.push_back(t.utilization());
    blocked.push_back(t.blocked_share());
    broken.push_back(t.lane_hours_broken_per_day(r.window_s));
    zone.push_back(t.zone_mean(r.window_s));
    road.push_back(t.road_mean(r.window_s));
    road_m.push_back(t.road_mean_m(r.window_s));
    pooled.add(t);
    row.queue_max = std::max(row.queue_max, t.queue_max);
    row.queue_max_km = std::max(row.queue_max_km, t.queue_m_max / 1000.0);
    row.road_queue_max = std::max(row.road_queue_max, t.road_max);
    row.road_queue_max_km = std::max(row.road_queue_max_km, t.road_m_max / 1000.0);
    if (batches.empty()) batches.assign(t.queue_batch_means.size(), 0.0);
    for (std::size_t b = 0; b < std::min(batches.size(), t.queue_batch_means.size()); ++b)
      batches[b] += t.queue_batch_means[b] / static_cast<double>(results.size());

    ReplicationRow rr = replication_row(layout, r, "stage", entry.route);
    rr.stage = st.id;
    rr.served = static_cast<double>(t.served);
    rr.wait_mean_min = minutes(wait.back());
    rr.queue_mean = queue.back();
    rr.utilization = present(util.back());
    replication_rows.push_back(std::move(rr));
  }
  row.served = estimate(served).mean;
  row.open_lanes_mean = estimate(open_lanes).mean;
  bool costed = false;
  for (const auto& g : st.lane_groups) costed = costed || g.staff_cost_usd_per_lane_hour > 0;
  if (costed) set_estimate(staff_cost_day, row.staff_cost_usd_per_day, row.staff_cost_usd_per_day_ci95, 1.0);
  row.served_per_day = estimate(served_day).mean;
  set_estimate(wait, row.wait_mean_min, row.wait_mean_min_ci95, kSecondsPerMinute);
  if (pooled.wait.count()) row.wait_p95_min = pooled.wait_quantile_s(0.95) / kSecondsPerMinute;
  const Estimate q = estimate(queue);
  row.queue_mean = q.mean;
  row.queue_mean_ci95 = present(q.ci95);
  row.queue_mean_km = estimate(queue_m).mean / 1000.0;
  set_estimate(util, row.utilization, row.utilization_ci95);
  row.blocked_share = present(estimate(blocked).mean);
  const Estimate b = estimate(broken);
  row.lane_hours_broken_per_day = b.mean;
  row.lane_hours_broken_per_day_ci95 = present(b.ci95);
  if (st.waiting_zone) set_estimate(zone, row.zone_occupancy_mean, row.zone_occupancy_mean_ci95);
  const Estimate on_road = estimate(road);
  row.road_queue_mean = on_road.mean;
  row.road_queue_mean_ci95 = present(on_road.ci95);
  row.road_queue_mean_km = estimate(road_m).mean / 1000.0;
  // Batch b holds samples 5b+1 .. 5b+5, taken at (k + 1) intervals: leaving out d batches ends the start-up at 5d intervals.
  row.warmup_mser5_h = static_cast<double>(mser_truncation(batches) * kMserBatch) * layout.scenario().simulation.sample_interval_s /
                       kSecondsPerHour;
  return row;
}

/// network.csv's row of one kind over the crossings `in_crossing` accepts: the flows' arrivals and departures,
/// and the time spent in the queues of the stages of that kind.
template <class InCrossing>
std::optional<NetworkRow> network_row(const RunLayout& layout, const std::vector<ReplicationResult>& results, ClassKind kind,
                                      InCrossing in_crossing)
{
  std::vector<std::pair<std::size_t, int>> flows; // (flow, class index)
  std::vector<std::size_t> stages;
  for (std::size_t route = 0; route < layout.routes().size(); ++route) {
    const int r = static_cast<int>(route);
    if (!in_crossing(layout.routes()[route].crossing)) continue;
    for (std::size_t ci = 0; ci < layout.class_count(); ++ci)
      if (layout.reported(r, static_cast<int>(ci)) && layout.class_kind(static_cast<int>(ci)) == kind)
        flows.emplace_back(layout.flow(r, static_cast<int>(ci)), static_cast<int>(ci));
    for (int stage : layout.routes()[route].stages)
      if (layout.stages()[static_cast<std::size_t>(stage)].kind == kind) stages.push_back(static_cast<std::size_t>(stage));
  }
  if (flows.empty()) return std::nullopt;
  std::vector<double> arrived, served, wait_hours;
  for (const auto& r : results) {
    std::uint64_t in = 0, out = 0;
    for (const auto& [f, ci] : flows) {
      in += r.flows[f].arrivals;
      out += r.flows[f].departures;
    }
    double queue_s = 0; // waiting-seconds: the integral of the queue over the window
    for (std::size_t st : stages) queue_s += r.stages[st].queue_integral;
    arrived.push_back(r.per_day(in));
    served.push_back(r.per_day(out));
    wait_hours.push_back(r.change_per_day(queue_s / kSecondsPerHour));
  }
  NetworkRow row;
  row.scenario = layout.scenario().name;
  row.kind = kind_name(kind);
  row.replications = static_cast<std::int64_t>(results.size());
  row.arrived_per_day = estimate(arrived).mean;
  std::optional<double> served_mean, wait_mean;
  set_estimate(served, served_mean, row.served_per_day_ci95);
  set_estimate(wait_hours, wait_mean, row.wait_hours_per_day_ci95);
  row.served_per_day = served_mean.value_or(0);
  row.wait_hours_per_day = wait_mean.value_or(0);
  const WaitCosts costs = wait_costs(layout, results, flows);
  set_estimate(costs.cost_usd, row.wait_cost_usd_per_day, row.wait_cost_usd_per_day_ci95);
  set_estimate(costs.fuel_l, row.idle_fuel_l_per_day, row.idle_fuel_l_per_day_ci95);
  set_estimate(costs.co2_kg, row.idle_co2_kg_per_day, row.idle_co2_kg_per_day_ci95);
  return row;
}

/// The 24 rows of a flow's waits by hour of arrival: each replication's mean per hour, their mean and interval;
/// the p95 pooled over the replications.
void add_wait_by_hour(const RunLayout& layout, const std::vector<ReplicationResult>& results, int route, int ci,
                      std::vector<WaitByHourRow>& out)
{
  const std::size_t f = layout.flow(route, ci);
  for (std::size_t hour = 0; hour < kHoursPerDay; ++hour) {
    WaitByHourRow row;
    row.scenario = layout.scenario().name;
    row.crossing = layout.crossing(route).id;
    row.direction = layout.direction(route).id;
    row.vehicle_class = layout.scenario().classes[static_cast<std::size_t>(ci)].id;
    row.kind = kind_name(layout.class_kind(ci));
    row.arrival_hour = static_cast<std::int64_t>(hour);
    std::vector<double> means;
    PooledLogHistogram pooled;
    for (const auto& r : results) {
      const ArrivalHourTally& t = r.flows[f].by_arrival_hour[hour];
      means.push_back(t.wait_mean_s());
      pooled.merge(t.wait);
      row.measured += static_cast<std::int64_t>(t.count);
    }
    set_estimate(means, row.wait_mean_min, row.wait_mean_min_ci95, kSecondsPerMinute);
    // Capped at the flow's longest wait, as every pooled percentile is (see FlowTally).
    double max_s = 0;
    for (const auto& r : results) max_s = std::max(max_s, r.flows[f].wait_max_s);
    if (pooled.count()) row.wait_p95_min = tally_detail::capped_quantile_s(pooled, 0.95, max_s) / kSecondsPerMinute;
    out.push_back(std::move(row));
  }
}

} // namespace

RunTables aggregate(const RunLayout& layout, const std::vector<ReplicationResult>& results)
{
  RunTables tables;
  for (std::size_t route = 0; route < layout.routes().size(); ++route) {
    const int r = static_cast<int>(route);
    const DirectionCapacity capacity = design_capacity(layout.scenario(), layout.direction(r));
    for (std::size_t ci = 0; ci < layout.class_count(); ++ci)
      if (layout.reported(r, static_cast<int>(ci))) {
        tables.summary.push_back(summary_row(layout, results, r, static_cast<int>(ci), capacity, tables.replications));
        add_wait_by_hour(layout, results, r, static_cast<int>(ci), tables.wait_by_hour);
      }
    for (int stage : layout.routes()[route].stages) tables.stages.push_back(stage_row(layout, results, stage, tables.replications));
  }
  constexpr std::array kKinds{ClassKind::vehicle, ClassKind::person};
  const auto& crossings = layout.scenario().crossings;
  for (std::size_t c = 0; c < crossings.size(); ++c)
    for (ClassKind kind : kKinds)
      if (auto row = network_row(layout, results, kind, [c](int crossing) { return crossing == static_cast<int>(c); })) {
        row->level = "crossing";
        row->crossing = crossings[c].id;
        tables.network.push_back(std::move(*row));
      }
  for (ClassKind kind : kKinds)
    if (auto row = network_row(layout, results, kind, [](int) { return true; })) {
      row->level = "border";
      tables.network.push_back(std::move(*row));
    }
  return tables;
}

} // namespace bordersim
