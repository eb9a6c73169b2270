#include "sim/engine/hall_chains.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "models/lane_failures.hpp"

namespace bordersim {
namespace {
// Catch-up ticks: payload 0 just before the warm-up ends; k >= 1 at the k-th sample.
constexpr std::uint64_t kBeforeWarmup = 0;
} // namespace

bool HallChains::enabled(bool tracing)
{
  if (tracing) return false;
  const char* hook = std::getenv("BORDERSIM_HALLS");
  return !(hook && std::strcmp(hook, "individual") == 0);
}

bool HallChains::eligible(const RunLayout& layout, int route, const DemandFlow& demand, std::vector<int>& stages)
{
  stages.clear();
  // People only: vehicles keep the individual model, which the queueing-theory tests and the M/M/3 benchmark measure.
  if (layout.class_kind(demand.class_index) != ClassKind::person) return false;
  if (demand.booking.on() || demand.impatience.patience || demand.impatience.balk_queue_over >= 0 ||
      demand.impatience.may_stay_home(std::numeric_limits<int>::max()) || !demand.alternatives.empty() ||
      demand.out_of_turn_share > 0 || demand.fast_track_share > 0)
    return false;
  const auto ci = static_cast<std::size_t>(demand.class_index);
  const Scenario& scenario = layout.scenario();
  const std::vector<int>& route_stages = layout.routes()[static_cast<std::size_t>(route)].stages;
  // Nobody may come onto the route from another crossing (of any class: the simple, conservative rule).
  for (const auto& crossing : scenario.crossings)
    for (const auto& direction : crossing.directions)
      for (const auto& other : direction.demand)
        for (const auto& alt : other.alternatives)
          if (layout.route_of(alt.crossing, alt.direction) == route) return false;
  for (int s : route_stages) {
    const RunLayout::StageEntry& info = layout.stages()[static_cast<std::size_t>(s)];
    const Stage& st = *info.spec;
    const double p = st.visit_probability[ci];
    if (p <= 0) continue;
    if (p < 1 || !st.service[ci]) return false;
    // Only this flow reaches the hall: nobody comes from elsewhere (above), and the route's other flows skip it.
    for (const auto& other : layout.direction(route).demand)
      if (&other != &demand && st.visit_probability[static_cast<std::size_t>(other.class_index)] > 0) return false;
    if (st.lane_groups.size() != 1 || info.groups_for[ci].size() != 1) return false;
    const LaneGroup& group = st.lane_groups.front();
    // The first hall's queue is unbounded, so nobody blocks outside it: the loader refuses a waiting area on a stage
    // a class may meet first.
    if (group.failures || !st.scheduled_changes.empty() || st.waiting_zone || std::isfinite(st.queue_capacity_m)) return false;
    stages.push_back(s);
  }
  return !stages.empty();
}

HallChains::HallChains(const RunLayout& layout, std::vector<ChainSpec> chains, const std::vector<ModelObserver*>& observers,
                       double schedule_end_s)
    : layout_(layout), observers_(observers), schedule_end_s_(schedule_end_s)
{
  hall_of_group_.assign(layout.groups().size(), -1);
  for (auto& spec : chains) {
    Chain chain{spec.flow, spec.route, spec.arrival_stream, {}, {}};
    for (std::size_t k = 0; k < spec.stages.size(); ++k) {
      const int s = spec.stages[k];
      const RunLayout::StageEntry& info = layout.stages()[static_cast<std::size_t>(s)];
      Hall hall;
      hall.stage = s;
      hall.group = info.groups.front();
      hall.chain = static_cast<std::uint32_t>(chains_.size());
      hall.position = info.position;
      hall.service = &*info.spec->service[static_cast<std::size_t>(spec.flow->class_index)];
      hall.stream = spec.service_streams[k];
      hall.queue_capacity = info.spec->queue_capacity;
      hall_of_group_[static_cast<std::size_t>(hall.group)] = static_cast<int>(halls_.size());
      chain.halls.push_back(static_cast<int>(halls_.size()));
      halls_.push_back(std::move(hall));
    }
    chains_.push_back(std::move(chain));
  }
}

bool HallChains::owns_group(int g) const { return hall_of_group_[static_cast<std::size_t>(g)] >= 0; }

void HallChains::start()
{
  if (chains_.empty()) return;
  const auto& sim = layout_.scenario().simulation;
  // As CheckpointModel::start: lanes at time zero (the model has announced them), then the lanes' changes, then
  // the first arrivals.
  for (std::size_t h = 0; h < halls_.size(); ++h) {
    Hall& hall = halls_[h];
    const LaneGroup& spec = *layout_.groups()[static_cast<std::size_t>(hall.group)].spec;
    hall.available = working_lanes(spec.lanes_at(sim.calendar, 0.0), spec.lane_count, 0);
    schedule_lanes_change(static_cast<std::uint32_t>(h), spec.next_lanes_change_s(sim.calendar, 0.0));
  }
  for (std::size_t c = 0; c < chains_.size(); ++c) {
    const double t = chains_[c].flow->next_arrival_s(sim.calendar, 0.0, sim.demand_scale, *chains_[c].arrival_stream, sim.horizon_s);
    if (t < sim.horizon_s) chains_[c].calendar.add(t, PendingTimer{nullptr, encode(EventKind::Arrival, c)});
  }
  // Catch up before anything reads the halls' state within the run: the warm-up's reset, scheduled before this, runs
  // first among timers of its date, so the tick comes just before it; samples run after every timer of their date.
  if (sim.warmup_s > 0) Clock::schedule_at(std::nextafter(sim.warmup_s, 0.0), this, kBeforeWarmup);
  if (sim.sample_interval_s <= sim.horizon_s) Clock::schedule_at(sim.sample_interval_s, this, 1);
}

void HallChains::on_timer(std::uint64_t payload)
{
  const auto& sim = layout_.scenario().simulation;
  catch_up(Clock::now_s());
  if (payload == kBeforeWarmup) return;
  // Multiples of the interval, as the sampler's own dates.
  const double next = static_cast<double>(payload + 1) * sim.sample_interval_s;
  if (next <= sim.horizon_s) Clock::schedule_at(next, this, payload + 1);
}

void HallChains::catch_up(double until_s)
{
  for (Chain& chain : chains_) {
    while (!chain.calendar.empty() && chain.calendar.next_date_s() <= until_s) {
      const auto [at_s, timer] = chain.calendar.take_next();
      now_s_ = at_s;
      run(timer.payload);
    }
  }
}

void HallChains::drain_until(double end_s)
{
  schedule_end_s_ = end_s;
  std::vector<std::pair<double, std::uint32_t>> due;
  due.swap(deferred_);
  for (const auto& [at_s, hall] : due) schedule_lanes_change(hall, at_s);
}

void HallChains::schedule_lanes_change(std::uint32_t hall, double at_s)
{
  if (at_s < schedule_end_s_) chains_[halls_[hall].chain].calendar.add(at_s, PendingTimer{nullptr, encode(EventKind::HoursChange, hall)});
  else if (std::isfinite(at_s)) deferred_.emplace_back(at_s, hall);
}

void HallChains::run(std::uint64_t payload)
{
  const auto index = static_cast<std::uint32_t>(payload & ((std::uint64_t{1} << 56) - 1));
  switch (static_cast<EventKind>(payload >> 56)) {
  case EventKind::Arrival: arrive(index); break;
  case EventKind::ServiceEnd: finish_service(index); break;
  case EventKind::HoursChange: change_hours(index); break;
  }
}

void HallChains::arrive(std::uint32_t c)
{
  const auto& sim = layout_.scenario().simulation;
  Chain& chain = chains_[c];
  const double next = chain.flow->next_arrival_s(sim.calendar, now_s_, sim.demand_scale, *chain.arrival_stream, sim.horizon_s);
  if (next < sim.horizon_s) chain.calendar.add(next, PendingTimer{nullptr, encode(EventKind::Arrival, c)});
  const std::uint32_t pi = people_.acquire(now_s_);
  Person& p = people_[pi];
  p.v = Vehicle{};
  p.v.id = next_id_++;
  p.v.class_index = chain.flow->class_index;
  p.v.route = chain.route;
  p.v.arrived_s = now_s_;
  p.chain = c;
  p.step = -1;
  for (auto* o : observers_) o->vehicle_arrived(p.v, now_s_);
  move_on(pi, 0);
}

void HallChains::move_on(std::uint32_t pi, int next_step)
{
  Person& p = people_[pi];
  const int old_hall = p.step >= 0 ? hall_of(p) : -1;
  if (next_step >= static_cast<int>(chains_[p.chain].halls.size())) {
    release_lane(pi, old_hall);
    for (auto* o : observers_) o->vehicle_departed(p.v, now_s_);
    people_.release(pi);
    fill_lanes(old_hall);
    return;
  }
  const int target = chains_[p.chain].halls[static_cast<std::size_t>(next_step)];
  p.step = next_step;
  if (!can_enter(halls_[static_cast<std::size_t>(target)])) {
    halls_[static_cast<std::size_t>(target)].blocked_upstream.push_back(pi); // keeps its booth: blocking
    return;
  }
  if (old_hall >= 0) release_lane(pi, old_hall);
  enter(pi, target);
  if (old_hall >= 0) fill_lanes(old_hall);
}

bool HallChains::can_enter(const Hall& hall) const
{
  if (hall.waiting.empty() && hall.idle_lanes() > 0) return true;
  return static_cast<int>(hall.waiting.size()) < hall.queue_capacity;
}

void HallChains::enter(std::uint32_t pi, int h)
{
  Hall& hall = halls_[static_cast<std::size_t>(h)];
  Vehicle& v = people_[pi].v;
  v.position = hall.position;
  v.next_position = -1;
  v.group = hall.group;
  v.joined_s = now_s_;
  for (auto* o : observers_) o->queue_joined(v, hall.stage, now_s_);
  if (hall.waiting.empty() && hall.idle_lanes() > 0) start_service(pi, h);
  else hall.waiting.push_back(pi);
}

void HallChains::start_service(std::uint32_t pi, int h)
{
  Hall& hall = halls_[static_cast<std::size_t>(h)];
  Vehicle& v = people_[pi].v;
  ++hall.serving;
  const double wait = now_s_ - v.joined_s;
  v.wait_total_s += wait;
  v.started_s = now_s_;
  for (auto* o : observers_) o->service_started(v, hall.stage, now_s_, wait);
  const double duration = hall.service->sample(*hall.stream);
  chains_[people_[pi].chain].calendar.add(now_s_ + duration, PendingTimer{nullptr, encode(EventKind::ServiceEnd, pi)});
}

void HallChains::finish_service(std::uint32_t pi)
{
  Person& p = people_[pi];
  Hall& hall = halls_[static_cast<std::size_t>(hall_of(p))];
  --hall.serving;
  ++hall.holding;
  p.v.finished_s = now_s_;
  for (auto* o : observers_) o->service_finished(p.v, hall.stage, now_s_);
  const int next_step = p.step + 1;
  if (next_step < static_cast<int>(chains_[p.chain].halls.size()))
    p.v.next_position = halls_[static_cast<std::size_t>(chains_[p.chain].halls[static_cast<std::size_t>(next_step)])].position;
  move_on(pi, next_step);
}

void HallChains::release_lane(std::uint32_t pi, int h)
{
  Hall& hall = halls_[static_cast<std::size_t>(h)];
  Vehicle& v = people_[pi].v;
  --hall.holding;
  for (auto* o : observers_) o->lane_released(v, hall.stage, now_s_);
  v.group = -1;
}

void HallChains::fill_lanes(int h)
{
  Hall& hall = halls_[static_cast<std::size_t>(h)];
  while (!hall.waiting.empty() && hall.idle_lanes() > 0) {
    const std::uint32_t pi = hall.waiting.front();
    hall.waiting.pop_front();
    start_service(pi, h);
    admit_blocked(h);
  }
  admit_blocked(h);
}

void HallChains::admit_blocked(int h)
{
  Hall& hall = halls_[static_cast<std::size_t>(h)];
  while (!hall.blocked_upstream.empty()) {
    if (!can_enter(hall)) return;
    const std::uint32_t pi = hall.blocked_upstream.front();
    hall.blocked_upstream.pop_front();
    const Person& p = people_[pi];
    const int old_hall = chains_[p.chain].halls[static_cast<std::size_t>(p.step - 1)];
    release_lane(pi, old_hall);
    enter(pi, h);
    fill_lanes(old_hall);
  }
}

void HallChains::change_hours(std::uint32_t h)
{
  const auto& sim = layout_.scenario().simulation;
  Hall& hall = halls_[h];
  const LaneGroup& spec = *layout_.groups()[static_cast<std::size_t>(hall.group)].spec;
  schedule_lanes_change(h, spec.next_lanes_change_s(sim.calendar, now_s_));
  const int available = working_lanes(spec.lanes_at(sim.calendar, now_s_), spec.lane_count, 0);
  if (available == hall.available) return;
  const bool more = available > hall.available;
  hall.available = available;
  for (auto* o : observers_) o->lanes_changed(hall.stage, hall.group, available, now_s_);
  if (more) fill_lanes(static_cast<int>(h));
}

} // namespace bordersim
