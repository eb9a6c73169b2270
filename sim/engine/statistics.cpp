#include "sim/engine/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace bordersim {

StatisticsCollector::StatisticsCollector(const RunLayout& layout, bool hour_histograms)
    : layout_(layout), hour_histograms_(hour_histograms), warmup_s_(layout.scenario().simulation.warmup_s)
{
  for (const auto& c : layout.scenario().classes) class_length_m_.push_back(c.length_m);
  live_.resize(layout.stages().size());
  for (const auto& stage : layout.stages()) {
    zones_.emplace_back();
    if (stage.spec->waiting_zone) zones_.back().emplace(*stage.spec->waiting_zone);
  }
  groups_.resize(layout.groups().size());
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    groups_[g].lane_count = layout.groups()[g].spec->lane_count;
    groups_[g].staff_cost_usd_per_lane_s = layout.groups()[g].spec->staff_cost_usd_per_lane_hour / kSecondsPerHour;
  }
  in_system_.assign(layout.flow_count(), 0);
  cohort_.resize(in_system_.size());
  awaiting_slot_.assign(in_system_.size(), 0);
  result_.flows.resize(in_system_.size());
  result_.stages.resize(live_.size());
}

void StatisticsCollector::start()
{
  if (warmup_s_ > 0) Clock::schedule_at(warmup_s_, this, 0);
}

void StatisticsCollector::on_timer(std::uint64_t /*payload*/)
{
  // The warm-up ends: close the integrals so far and start the window afresh.
  const double now = Clock::now_s();
  for (std::size_t s = 0; s < live_.size(); ++s) {
    advance(static_cast<int>(s), now);
    StageTally fresh;
    fresh.queue_max = live_[s].waiting;
    fresh.queue_m_max = live_[s].waiting_m;
    fresh.road_max = live_[s].on_road;
    fresh.road_m_max = live_[s].on_road_m;
    result_.stages[s] = std::move(fresh);
  }
  for (std::size_t f = 0; f < result_.flows.size(); ++f) {
    FlowTally fresh;
    fresh.in_system_at_warmup = in_system_[f];
    fresh.awaiting_slot_at_warmup = awaiting_slot_[f];
    result_.flows[f] = std::move(fresh);
  }
}

void StatisticsCollector::advance(int stage, double t_s)
{
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  const double dt = t_s - s.last_update_s;
  if (dt > 0) {
    StageTally& tally = result_.stages[static_cast<std::size_t>(stage)];
    tally.queue_integral += s.waiting * dt;
    tally.queue_m_integral += s.waiting_m * dt;
    tally.zone_integral += s.in_zone * dt;
    tally.road_integral += s.on_road * dt;
    tally.road_m_integral += s.on_road_m * dt;
    tally.serving_integral += s.serving * dt;
    tally.holding_integral += s.holding * dt;
    tally.open_integral += s.open_lanes * dt;
    tally.staff_cost_integral += s.staff_cost_usd_per_s * dt;
    tally.broken_integral += s.broken_lanes * dt;
    s.last_update_s = t_s;
  }
}

void StatisticsCollector::split_queue(int stage)
{
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  if (const auto& zone = zones_[static_cast<std::size_t>(stage)]) {
    s.in_zone = zone->zone_count();
    s.on_road = zone->road_count();
    s.on_road_m = zone->road_m();
  } else {
    s.on_road = s.waiting;
    s.on_road_m = s.waiting_m;
  }
  StageTally& tally = result_.stages[static_cast<std::size_t>(stage)];
  tally.road_max = std::max(tally.road_max, static_cast<double>(s.on_road));
  tally.road_m_max = std::max(tally.road_m_max, s.on_road_m);
}

void StatisticsCollector::left_queue(const Vehicle& v, int stage)
{
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  --s.waiting;
  s.waiting_m -= class_length_m_[static_cast<std::size_t>(v.class_index)];
  if (s.waiting == 0) s.waiting_m = 0; // keep rounding drift from accumulating
  if (auto& zone = zones_[static_cast<std::size_t>(stage)]) zone->leave({v.joined_s, v.id});
  split_queue(stage);
}

template <class Change> void StatisticsCollector::update_group(int stage, int group, Change change)
{
  GroupLive& g = groups_[static_cast<std::size_t>(group)];
  const int before = g.effective_open();
  change(g);
  StageLiveState& live = live_[static_cast<std::size_t>(stage)];
  live.open_lanes += g.effective_open() - before;
  live.staff_cost_usd_per_s += (g.effective_open() - before) * g.staff_cost_usd_per_lane_s;
}

void StatisticsCollector::vehicle_arrived(const Vehicle& v, double t_s)
{
  const std::size_t f = flow_of(v);
  ++in_system_[f];
  ++result_.vehicles;
  if (counted(v)) ++cohort_[f].count;
  if (v.booked) --awaiting_slot_[f];
  if (t_s < warmup_s_) return;
  ++result_.flows[f].arrivals;
  if (v.diverted) ++result_.flows[f].diverted_in;
  if (v.booked) ++result_.flows[f].arrivals_booked;
}

void StatisticsCollector::vehicle_booked(const Vehicle& v, double t_s, double slot_s, bool no_show)
{
  const std::size_t f = flow_of(v);
  if (!no_show) ++awaiting_slot_[f];
  if (t_s < warmup_s_) return;
  FlowTally& tally = result_.flows[f];
  ++tally.booked;
  if (no_show) ++tally.no_shows;
  const double slot_wait_s = slot_s - t_s;
  tally.slot_wait_sum_s += slot_wait_s;
  tally.slot_wait_max_s = std::max(tally.slot_wait_max_s, slot_wait_s);
  tally.slot_wait.add(slot_wait_s);
}

void StatisticsCollector::vehicle_diverted(const Vehicle& v, int /*to_route*/, double t_s)
{
  if (t_s >= warmup_s_) ++result_.flows[flow_of(v)].diverted_out;
}

void StatisticsCollector::queue_joined(const Vehicle& v, int stage, double t_s)
{
  advance(stage, t_s);
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  ++s.waiting;
  s.waiting_m += class_length_m_[static_cast<std::size_t>(v.class_index)];
  ++s.joined_total;
  StageTally& tally = result_.stages[static_cast<std::size_t>(stage)];
  tally.queue_max = std::max(tally.queue_max, static_cast<double>(s.waiting));
  tally.queue_m_max = std::max(tally.queue_m_max, s.waiting_m);
  if (auto& zone = zones_[static_cast<std::size_t>(stage)]) zone->join({v.joined_s, v.id}, class_length_m_[static_cast<std::size_t>(v.class_index)]);
  split_queue(stage);
  if (counted(v)) cohort_[flow_of(v)].joined(t_s);
}

void StatisticsCollector::service_started(const Vehicle& v, int stage, double t_s, double wait_s)
{
  advance(stage, t_s);
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  left_queue(v, stage);
  ++s.serving;
  update_group(stage, v.group, [](GroupLive& g) { ++g.serving; });
  if (counted(v)) {
    cohort_[flow_of(v)].started(wait_s, v.joined_s);
    StageTally& tally = result_.stages[static_cast<std::size_t>(stage)];
    ++tally.cohort_waits;
    tally.wait_sum_s += wait_s;
    tally.wait_max_s = std::max(tally.wait_max_s, wait_s);
    tally.wait.add(wait_s);
  }
}

void StatisticsCollector::service_finished(const Vehicle& v, int stage, double t_s)
{
  advance(stage, t_s);
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  --s.serving;
  ++s.holding;
  update_group(stage, v.group, [](GroupLive& g) {
    --g.serving;
    ++g.holding;
  });
  if (t_s >= warmup_s_) ++result_.stages[static_cast<std::size_t>(stage)].served;
}

void StatisticsCollector::lane_released(const Vehicle& v, int stage, double t_s)
{
  advance(stage, t_s);
  StageLiveState& s = live_[static_cast<std::size_t>(stage)];
  --s.holding;
  ++s.released_total;
  update_group(stage, v.group, [](GroupLive& g) { --g.holding; });
}

void StatisticsCollector::vehicle_departed(const Vehicle& v, double t_s)
{
  const std::size_t f = flow_of(v);
  --in_system_[f];
  FlowTally& tally = result_.flows[f];
  if (t_s >= warmup_s_) ++tally.departures;
  if (!counted(v)) return;
  cohort_[f].left(v.wait_total_s);
  const double system_s = t_s - v.arrived_s;
  ++tally.cohort_done;
  tally.wait_sum_s += v.wait_total_s;
  tally.wait_max_s = std::max(tally.wait_max_s, v.wait_total_s);
  tally.system_sum_s += system_s;
  tally.system_max_s = std::max(tally.system_max_s, system_s);
  tally.wait.add(v.wait_total_s);
  tally.system_time.add(system_s);
  // Time zero is midnight of the start date, so the hour of the day is the hour of the clock.
  const auto hour = static_cast<std::size_t>(seconds_into_day_s(v.arrived_s) / kSecondsPerHour);
  ArrivalHourTally& by_hour = tally.by_arrival_hour[std::min<std::size_t>(hour, kHoursPerDay - 1)];
  ++by_hour.count;
  by_hour.wait_sum_s += v.wait_total_s;
  if (hour_histograms_) by_hour.wait.add(v.wait_total_s);
}

void StatisticsCollector::vehicle_abandoned(const Vehicle& v, int stage, double t_s, double wait_s, int to_route)
{
  advance(stage, t_s);
  left_queue(v, stage);
  const std::size_t f = flow_of(v);
  --in_system_[f];
  FlowTally& tally = result_.flows[f];
  if (t_s >= warmup_s_) ++(to_route < 0 ? tally.abandoned : tally.diverted_impatient);
  if (!counted(v)) return;
  cohort_[f].gave_up(wait_s, v.joined_s, v.wait_total_s);
  ++tally.cohort_gave_up;
  tally.gave_up_wait_sum_s += v.wait_total_s;
}

void StatisticsCollector::vehicle_balked(const Vehicle& v, int /*stage*/, double t_s)
{
  const std::size_t f = flow_of(v);
  --in_system_[f];
  if (t_s >= warmup_s_) ++result_.flows[f].balked;
  if (counted(v)) cohort_[f].left(0.0); // in no wait: it never queued
}

void StatisticsCollector::vehicle_suppressed(const Vehicle& v, double t_s)
{
  if (t_s >= warmup_s_) ++result_.flows[flow_of(v)].suppressed;
}

void StatisticsCollector::lanes_changed(int stage, int group, int open_lanes, double t_s)
{
  advance(stage, t_s);
  update_group(stage, group, [open_lanes](GroupLive& g) { g.open_lanes = open_lanes; });
}

void StatisticsCollector::lane_failed(int stage, int /*group*/, double t_s)
{
  advance(stage, t_s);
  ++live_[static_cast<std::size_t>(stage)].broken_lanes;
}

void StatisticsCollector::lane_repaired(int stage, int /*group*/, double t_s)
{
  advance(stage, t_s);
  --live_[static_cast<std::size_t>(stage)].broken_lanes;
}

ReplicationResult StatisticsCollector::finish(int replication, double horizon_s)
{
  for (std::size_t s = 0; s < live_.size(); ++s) advance(static_cast<int>(s), horizon_s);
  for (std::size_t f = 0; f < in_system_.size(); ++f) {
    result_.flows[f].in_system_at_end = in_system_[f];
    result_.flows[f].awaiting_slot_at_end = awaiting_slot_[f];
  }
  for (std::size_t f = 0; f < cohort_.size(); ++f) {
    FlowTally& tally = result_.flows[f];
    tally.cohort_unfinished = cohort_[f].count;
    tally.unfinished_wait_sum_s = cohort_[f].waits_so_far_s(horizon_s); // until the drain, if any, replaces it
  }
  result_.replication = replication;
  result_.window_s = horizon_s - warmup_s_;
  return std::move(result_);
}

CohortDrain::CohortDrain(const RunLayout& layout, std::vector<CohortInSystem> cohort)
    : layout_(layout), warmup_s_(layout.scenario().simulation.warmup_s), horizon_s_(layout.scenario().simulation.horizon_s),
      cohort_(std::move(cohort)), drained_wait_s_(cohort_.size(), 0.0)
{
  for (const auto& c : cohort_) remaining_ += c.count;
}

void CohortDrain::queue_joined(const Vehicle& v, int /*stage*/, double t_s)
{
  if (in_cohort(v)) cohort_[layout_.flow(v.route, v.class_index)].joined(t_s);
}

void CohortDrain::service_started(const Vehicle& v, int /*stage*/, double /*t_s*/, double wait_s)
{
  if (in_cohort(v)) cohort_[layout_.flow(v.route, v.class_index)].started(wait_s, v.joined_s);
}

void CohortDrain::vehicle_departed(const Vehicle& v, double /*t_s*/)
{
  if (!in_cohort(v)) return;
  const std::size_t f = layout_.flow(v.route, v.class_index);
  cohort_[f].left(v.wait_total_s);
  drained_wait_s_[f] += v.wait_total_s;
  --remaining_;
}

void CohortDrain::vehicle_abandoned(const Vehicle& v, int /*stage*/, double /*t_s*/, double wait_s, int /*to_route*/)
{
  if (!in_cohort(v)) return;
  const std::size_t f = layout_.flow(v.route, v.class_index);
  cohort_[f].gave_up(wait_s, v.joined_s, v.wait_total_s);
  drained_wait_s_[f] += v.wait_total_s;
  --remaining_;
}

void CohortDrain::finish(ReplicationResult& result, double end_s) const
{
  for (std::size_t f = 0; f < cohort_.size(); ++f) {
    FlowTally& tally = result.flows[f];
    tally.unfinished_wait_sum_s = drained_wait_s_[f] + cohort_[f].waits_so_far_s(end_s);
    tally.cohort_still_in_system_after_drain = cohort_[f].count;
  }
}

} // namespace bordersim
