#include "sim/engine/checkpoint_model.hpp"

#include <cmath>

#include <algorithm>
#include <limits>

namespace bordersim {

std::string CheckpointModel::stream_name(std::string_view kind, const Scenario& s, int crossing, int direction,
                                         std::string_view stage, std::string_view vehicle_class)
{
  const auto& c = s.crossings[static_cast<std::size_t>(crossing)];
  const auto& d = c.directions[static_cast<std::size_t>(direction)];
  std::string name(kind);
  name += "/" + c.id + "/" + d.id;
  if (!stage.empty()) name += "/" + std::string(stage);
  name += "/" + std::string(vehicle_class);
  return name;
}

CheckpointModel::CheckpointModel(const RunLayout& layout, int replication, bool tracing)
    : layout_(layout), scenario_(layout.scenario())
{
  const Scenario& scenario = scenario_;
  schedule_end_s_ = scenario.simulation.horizon_s;
  const auto seed = scenario.simulation.seed;
  const auto rep = static_cast<std::uint64_t>(replication);
  const std::size_t class_count = layout.class_count();
  auto stream = [&](std::string_view kind, int c, int d, std::string_view stage, std::size_t ci) {
    return RandomStream(derive_stream_seed(seed, rep, stream_name(kind, scenario, c, d, stage, scenario.classes[ci].id)));
  };
  for (const auto& info : layout.stages()) {
    const RunLayout::Route& route = layout.routes()[static_cast<std::size_t>(info.route)];
    const Stage& st = *info.spec;
    for (const auto& change : st.scheduled_changes) {
      for (std::size_t g = 0; g < st.lane_groups.size(); ++g) {
        if (change.group >= 0 && change.group != static_cast<int>(g)) continue;
        edges_.push_back({info.groups[g], &change, true});
        edges_.push_back({info.groups[g], &change, false});
      }
    }
    std::vector<RandomStream> service(class_count);
    std::vector<RandomStream> visit(class_count);
    for (std::size_t ci = 0; ci < class_count; ++ci) {
      if (st.service[ci]) service[ci] = stream("service", route.crossing, route.direction, st.id, ci);
      const double p = st.visit_probability[ci];
      if (p > 0 && p < 1) visit[ci] = stream("visit", route.crossing, route.direction, st.id, ci);
    }
    service_streams_.push_back(std::move(service));
    visit_streams_.push_back(std::move(visit));
  }
  visit_stops_.resize(layout.routes().size() * class_count);
  for (std::size_t r = 0; r < layout.routes().size(); ++r) {
    const auto& stages = layout.routes()[r].stages;
    for (std::size_t ci = 0; ci < class_count; ++ci)
      for (std::size_t p = 0; p < stages.size(); ++p) {
        const double probability = layout.stages()[static_cast<std::size_t>(stages[p])].spec->visit_probability[ci];
        if (probability > 0.0) visit_stops_[r * class_count + ci].push_back({static_cast<int>(p), stages[p], probability});
      }
  }
  flow_index_.assign(layout.flow_count(), -1);
  for (std::size_t r = 0; r < layout.routes().size(); ++r) {
    const RunLayout::Route& route = layout.routes()[r];
    for (const auto& demand : layout.direction(static_cast<int>(r)).demand) {
      const auto ci = static_cast<std::size_t>(demand.class_index);
      Flow f{static_cast<int>(r), &demand, stream("demand", route.crossing, route.direction, "", ci), {}, {}, {}, {}, {}, {}, SlotBook{}, {}};
      if (demand.out_of_turn_share > 0 || demand.fast_track_share > 0) f.priority_stream = stream("priority", route.crossing, route.direction, "", ci);
      if (!demand.alternatives.empty() && demand.divert_share < 1) f.divert_stream = stream("divert", route.crossing, route.direction, "", ci);
      if (demand.impatience.patience) {
        const std::string& stage_id = layout.stages()[static_cast<std::size_t>(first_stage(static_cast<int>(r), demand.class_index))].spec->id;
        f.patience_stream = stream("patience", route.crossing, route.direction, stage_id, ci);
      }
      if (demand.impatience.stay_home_queue_over >= 0) f.stay_home_stream = stream("stay_home", route.crossing, route.direction, "", ci);
      if (demand.booking.on()) {
        f.booking_stream = stream("booking", route.crossing, route.direction, "", ci);
        if (demand.booking.lateness) f.lateness_stream = stream("lateness", route.crossing, route.direction, "", ci);
        f.slots = SlotBook(demand.booking.slot_spacing_s());
      }
      flow_index_[layout.flow(static_cast<int>(r), demand.class_index)] = static_cast<int>(flows_.size());
      for (const auto& alt : demand.alternatives) f.alternatives.emplace_back(layout.route_of(alt.crossing, alt.direction), alt.detour_s);
      flows_.push_back(std::move(f));
    }
  }
  stage_state_.resize(layout.stages().size());
  group_state_.resize(layout.groups().size());
  failure_streams_.resize(layout.groups().size());
  for (std::size_t g = 0; g < layout.groups().size(); ++g) {
    const LaneGroup& spec = *layout.groups()[g].spec;
    if (!spec.failures) continue;
    const RunLayout::StageEntry& info = layout.stages()[static_cast<std::size_t>(layout.groups()[g].stage)];
    const RunLayout::Route& route = layout.routes()[static_cast<std::size_t>(info.route)];
    // One stream per group, drawn only at its lanes' failures and repairs: the same breakdowns whatever the traffic.
    failure_streams_[g] =
        RandomStream(derive_stream_seed(seed, rep, stream_name("failure", scenario, route.crossing, route.direction, info.spec->id, spec.id)));
    group_state_[g].lanes.resize(static_cast<std::size_t>(spec.lane_count));
    for (int lane = 0; lane < spec.lane_count; ++lane) failing_lanes_.push_back({static_cast<int>(g), lane});
  }
  for (const auto& c : scenario.classes) class_length_m_.push_back(c.length_m);
  chained_flow_.assign(flows_.size(), false);
  if (HallChains::enabled(tracing)) {
    std::vector<HallChains::ChainSpec> chains;
    std::vector<int> stages;
    for (std::size_t f = 0; f < flows_.size(); ++f) {
      Flow& flow = flows_[f];
      if (!HallChains::eligible(layout, flow.route, *flow.spec, stages)) continue;
      HallChains::ChainSpec spec{flow.spec, flow.route, &flow.stream, stages, {}};
      for (int s : stages)
        spec.service_streams.push_back(&service_streams_[static_cast<std::size_t>(s)][static_cast<std::size_t>(flow.spec->class_index)]);
      chains.push_back(std::move(spec));
      chained_flow_[f] = true;
    }
    if (!chains.empty()) chains_ = std::make_unique<HallChains>(layout, std::move(chains), observers_, schedule_end_s_);
  }
}

void CheckpointModel::start()
{
  const auto& sim = scenario_.simulation;
  for (std::size_t g = 0; g < layout_.groups().size(); ++g) {
    const LaneGroup& spec = *layout_.groups()[g].spec;
    GroupState& state = group_state_[g];
    state.scheduled_lanes = spec.lanes_at(sim.calendar, 0.0);
    state.open = state.scheduled_lanes;
    state.available = state.open;
    for (auto* o : observers_) o->lanes_changed(layout_.groups()[g].stage, static_cast<int>(g), state.available, 0.0);
    if (chains_ && chains_->owns_group(static_cast<int>(g))) continue; // its hall's hours run there
    const double change = spec.next_lanes_change_s(sim.calendar, 0.0);
    schedule_before_end(change, encode(TimerKind::HoursChange, g));
  }
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    const double at = edges_[e].starts ? edges_[e].change->start_s : edges_[e].change->end_s;
    schedule_before_end(at, encode(TimerKind::ScheduledChangeEdge, e));
  }
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    if (chained_flow_[f]) continue;
    const double t = flows_[f].spec->next_arrival_s(sim.calendar, 0.0, sim.demand_scale, flows_[f].stream, sim.horizon_s);
    if (t < sim.horizon_s) Clock::schedule_at(t, this, encode(TimerKind::Arrival, f));
  }
  for (std::size_t f = 0; f < failing_lanes_.size(); ++f) {
    const auto g = static_cast<std::size_t>(failing_lanes_[f].group);
    const double up_s = failure_streams_[g].exponential(layout_.groups()[g].spec->failures->mtbf_s);
    schedule_before_end(up_s, encode(TimerKind::LaneFailure, f));
  }
  if (chains_) chains_->start();
}

void CheckpointModel::schedule_before_end(double at_s, std::uint64_t payload)
{
  if (at_s < schedule_end_s_) Clock::schedule_at(at_s, this, payload);
  else if (std::isfinite(at_s)) deferred_.emplace_back(at_s, payload);
}

void CheckpointModel::drain_until(double end_s)
{
  schedule_end_s_ = end_s;
  if (chains_) chains_->drain_until(end_s);
  std::vector<std::pair<double, std::uint64_t>> due;
  due.swap(deferred_);
  for (const auto& [at_s, payload] : due) schedule_before_end(at_s, payload);
}

void CheckpointModel::on_timer(std::uint64_t payload)
{
  const std::uint64_t body = payload & ((std::uint64_t{1} << 56) - 1);
  const auto index = static_cast<std::uint32_t>(body);
  switch (static_cast<TimerKind>(payload >> 56)) {
  case TimerKind::Arrival: arrive(index); break;
  case TimerKind::ServiceEnd: finish_service(index, static_cast<std::uint32_t>((payload >> 32) & kTokenMask)); break;
  case TimerKind::HoursChange: change_hours(index); break;
  case TimerKind::ScheduledChangeEdge: apply_change_edge(index); break;
  case TimerKind::DelayedArrival: arrive_delayed(index); break;
  case TimerKind::PatienceEnd: patience_ends(body); break;
  case TimerKind::LaneFailure: fail_lane(index); break;
  case TimerKind::LaneRepair: repair_lane(index); break;
  }
}

void CheckpointModel::arrive(std::uint32_t flow_index)
{
  const double now = Clock::now_s();
  Flow& flow = flows_[flow_index];
  const auto& sim = scenario_.simulation;
  const double next = flow.spec->next_arrival_s(sim.calendar, now, sim.demand_scale, flow.stream, sim.horizon_s);
  if (next < sim.horizon_s) Clock::schedule_at(next, this, encode(TimerKind::Arrival, flow_index));

  const Impatience& impatience = flow.spec->impatience;
  const int first = first_stage(flow.route, flow.spec->class_index);
  const int waiting_first = stage_state_[static_cast<std::size_t>(first)].waiting;
  const Booking& booking = flow.spec->booking;
  const bool books = booking.on() && (booking.share >= 1 || flow.booking_stream.bernoulli(booking.share));
  if (!books && impatience.may_stay_home(waiting_first) && flow.stay_home_stream.bernoulli(impatience.stay_home_share)) {
    Vehicle stayed;
    stayed.class_index = flow.spec->class_index;
    stayed.route = flow.route;
    stayed.arrived_s = now;
    for (auto* o : observers_) o->vehicle_suppressed(stayed, now);
    return;
  }

  const std::uint32_t vi = vehicles_.acquire(now);
  Vehicle& v = vehicles_[vi];
  v = Vehicle{};
  v.id = next_vehicle_id_++;
  v.class_index = flow.spec->class_index;
  v.route = flow.route;
  v.arrived_s = now;
  if (flow.spec->out_of_turn_share > 0 || flow.spec->fast_track_share > 0) {
    const double u = flow.priority_stream.uniform_open();
    v.priority = u < flow.spec->out_of_turn_share                                 ? 0
                 : u < flow.spec->out_of_turn_share + flow.spec->fast_track_share ? 1
                                                                                  : 2;
  }
  if (books && v.priority == 2) { // out-of-turn and fast-track vehicles pass by their priority, outside the queue
    book(vi, flow);
    return;
  }
  const bool may_divert = !flow.alternatives.empty() && (flow.spec->divert_share >= 1 || flow.divert_stream.bernoulli(flow.spec->divert_share));
  v.may_divert = may_divert;
  if (may_divert) {
    const int route = choose_route(flow);
    if (route != flow.route) {
      for (auto* o : observers_) o->vehicle_diverted(v, route, now);
      drive_to_alternative(vi, flow, route);
      return;
    }
  }
  for (auto* o : observers_) o->vehicle_arrived(v, now);
  if (impatience.balks(waiting_first)) {
    for (auto* o : observers_) o->vehicle_balked(v, first, now);
    vehicles_.release(vi);
    return;
  }
  enter_route(vi);
}

void CheckpointModel::book(std::uint32_t vi, Flow& flow)
{
  const double now = Clock::now_s();
  const Booking& booking = flow.spec->booking;
  Vehicle& v = vehicles_[vi];
  v.booked = true;
  const double slot_s = flow.slots.take(now);
  const bool no_show = booking.no_show > 0 && flow.booking_stream.bernoulli(booking.no_show);
  for (auto* o : observers_) o->vehicle_booked(v, now, slot_s, no_show);
  if (no_show) {
    vehicles_.release(vi);
    return;
  }
  const double lateness_s = booking.lateness ? booking.lateness->sample(flow.lateness_stream) : 0.0;
  Clock::schedule_at(slot_s + lateness_s, this, encode(TimerKind::DelayedArrival, vi));
}

CheckpointModel::Flow* CheckpointModel::flow_of(const Vehicle& v)
{
  const int f = flow_index_[layout_.flow(v.route, v.class_index)];
  return f < 0 ? nullptr : &flows_[static_cast<std::size_t>(f)];
}

void CheckpointModel::patience_ends(std::uint64_t timer_body)
{
  const auto vi = static_cast<std::uint32_t>(timer_body);
  Vehicle& v = vehicles_[vi];
  const double now = Clock::now_s();
  // Ignored when the vehicle started service since (gives_up_s is then infinite) or its slot went to another vehicle.
  if ((v.id & kPatienceTagMask) != (timer_body >> 32) || std::isinf(v.gives_up_s)) return;
  v.gives_up_s = std::numeric_limits<double>::infinity();
  const int stage = layout_.groups()[static_cast<std::size_t>(v.group)].stage;
  GroupState& g = group_state_[static_cast<std::size_t>(v.group)];
  g.queue.remove(v.ticket);
  left_queue(stage, v.class_index);
  const double wait = now - v.joined_s;
  v.wait_total_s += wait;
  Flow* flow = flow_of(v);
  const int to_route = v.may_divert && flow ? choose_route(*flow, true) : -1;
  for (auto* o : observers_) o->vehicle_abandoned(v, stage, now, wait, to_route);
  v.group = -1;
  if (to_route >= 0) {
    drive_to_alternative(vi, *flow, to_route); // its wait here stays counted here
  } else {
    vehicles_.release(vi);
  }
  admit_blocked(stage);
}

void CheckpointModel::drive_to_alternative(std::uint32_t vi, const Flow& flow, int route)
{
  double detour_s = 0;
  for (const auto& [r, d] : flow.alternatives)
    if (r == route) detour_s = d;
  Vehicle& v = vehicles_[vi];
  v.route = route;
  v.diverted = true;
  v.wait_total_s = 0; // it starts afresh there
  Clock::schedule_at(Clock::now_s() + detour_s, this, encode(TimerKind::DelayedArrival, vi));
}

void CheckpointModel::arrive_delayed(std::uint32_t vi)
{
  const double now = Clock::now_s();
  Vehicle& v = vehicles_[vi];
  v.arrived_s = now;
  for (auto* o : observers_) o->vehicle_arrived(v, now);
  enter_route(vi);
}

void CheckpointModel::enter_route(std::uint32_t vi)
{
  Vehicle& v = vehicles_[vi];
  v.position = -1;
  v.next_position = next_visited_position(v, -1);
  move_on(vi);
}

int CheckpointModel::choose_route(const Flow& flow, bool must_leave) const
{
  // Least expected time: detour, plus at each stage the queue ahead over the current service rate.
  const int class_index = flow.spec->class_index;
  const bool balk = must_leave || (flow.spec->divert_queue_over >= 0 &&
                                   stage_state_[static_cast<std::size_t>(first_stage(flow.route, class_index))].waiting > flow.spec->divert_queue_over);
  int best = balk ? -1 : flow.route;
  double best_s = balk ? std::numeric_limits<double>::infinity() : expected_time_s(flow.route, class_index);
  for (const auto& [route, detour_s] : flow.alternatives) {
    const double t = detour_s + expected_time_s(route, class_index);
    if (t < best_s || best < 0) {
      best = route;
      best_s = t;
    }
  }
  return best;
}

double CheckpointModel::expected_time_s(int route, int class_index) const
{
  const auto ci = static_cast<std::size_t>(class_index);
  double total = 0;
  for (int stage : layout_.routes()[static_cast<std::size_t>(route)].stages) {
    const RunLayout::StageEntry& info = layout_.stages()[static_cast<std::size_t>(stage)];
    const double p = info.spec->visit_probability[ci];
    if (p <= 0 || !info.spec->service[ci]) continue;
    const double mean_s = info.spec->service[ci]->mean();
    int lanes = 0;
    for (int g : info.groups_for[ci]) lanes += group_state_[static_cast<std::size_t>(g)].available;
    if (lanes == 0) return std::numeric_limits<double>::infinity();
    total += p * (stage_state_[static_cast<std::size_t>(stage)].waiting * mean_s / lanes + mean_s);
  }
  return total;
}

int CheckpointModel::next_visited_position(Vehicle& v, int after_position)
{
  const auto ci = static_cast<std::size_t>(v.class_index);
  for (const VisitStop& stop : visit_stops_[static_cast<std::size_t>(v.route) * layout_.class_count() + ci]) {
    if (stop.position <= after_position) continue;
    if (stop.probability >= 1.0) return stop.position;
    if (visit_streams_[static_cast<std::size_t>(stop.stage)][ci].bernoulli(stop.probability)) return stop.position;
  }
  return -1;
}

int CheckpointModel::choose_group(int stage, int class_index) const
{
  const auto& candidates = layout_.stages()[static_cast<std::size_t>(stage)].groups_for[static_cast<std::size_t>(class_index)];
  if (candidates.size() == 1) return candidates.front();
  int best = -1;
  std::size_t best_queue = std::numeric_limits<std::size_t>::max();
  int best_idle = -1;
  for (int g : candidates) {
    const GroupState& state = group_state_[static_cast<std::size_t>(g)];
    const std::size_t queue = state.queue.size();
    const int idle = state.idle_lanes();
    if (queue < best_queue || (queue == best_queue && idle > best_idle)) {
      best = g;
      best_queue = queue;
      best_idle = idle;
    }
  }
  return best;
}

bool CheckpointModel::can_enter(int stage, int group, int class_index) const
{
  const GroupState& g = group_state_[static_cast<std::size_t>(group)];
  if (g.queue.empty() && g.idle_lanes() > 0) return true;
  const Stage& spec = *layout_.stages()[static_cast<std::size_t>(stage)].spec;
  const StageState& state = stage_state_[static_cast<std::size_t>(stage)];
  if (state.waiting >= spec.queue_capacity) return false;
  // In a waiting area given in metres a vehicle needs room for its length; one too long for the area waits
  // upstream until it can drive straight into a free lane (above).
  return state.waiting_m + class_length_m_[static_cast<std::size_t>(class_index)] <= spec.queue_capacity_m + 1e-9;
}

void CheckpointModel::enter(std::uint32_t vi, int stage, int group)
{
  const double now = Clock::now_s();
  Vehicle& v = vehicles_[vi];
  const bool first_queue = v.position < 0; // it arrived: enter_route set no stage yet
  v.position = layout_.stages()[static_cast<std::size_t>(stage)].position;
  v.next_position = -1;
  v.group = group;
  v.joined_s = now;
  for (auto* o : observers_) o->queue_joined(v, stage, now);
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  if (g.queue.empty() && g.idle_lanes() > 0) {
    start_service(vi, group);
  } else {
    const bool in_order = layout_.stages()[static_cast<std::size_t>(stage)].spec->priority_first;
    v.ticket = g.queue.push(in_order ? static_cast<PriorityLevel>(v.priority) : PriorityLevel::Regular, vi);
    StageState& state = stage_state_[static_cast<std::size_t>(stage)];
    ++state.waiting;
    state.waiting_m += class_length_m_[static_cast<std::size_t>(v.class_index)];
    if (first_queue && !v.diverted && !v.booked) start_patience(vi);
  }
}

void CheckpointModel::start_patience(std::uint32_t vi)
{
  Vehicle& v = vehicles_[vi];
  Flow* flow = flow_of(v);
  if (!flow || !flow->spec->impatience.patience) return;
  const double now = Clock::now_s();
  v.gives_up_s = now + flow->spec->impatience.patience->sample(flow->patience_stream);
  Clock::schedule_at(v.gives_up_s, this, encode(TimerKind::PatienceEnd, ((v.id & kPatienceTagMask) << 32) | vi));
}

void CheckpointModel::start_service(std::uint32_t vi, int group)
{
  const double now = Clock::now_s();
  Vehicle& v = vehicles_[vi];
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  const int stage = layout_.groups()[static_cast<std::size_t>(group)].stage;
  ++g.serving;
  v.gives_up_s = std::numeric_limits<double>::infinity(); // a patience timer still pending is ignored
  const double wait = now - v.joined_s;
  v.wait_total_s += wait;
  v.started_s = now;
  for (auto* o : observers_) o->service_started(v, stage, now, wait);
  const auto ci = static_cast<std::size_t>(v.class_index);
  const Distribution& service = *layout_.stages()[static_cast<std::size_t>(stage)].spec->service[ci];
  const double duration = service.sample(service_streams_[static_cast<std::size_t>(stage)][ci]) * g.service_factor;
  if (!g.lanes.empty()) {
    // A booth of its own, where lanes break down: the first sound free one (an event's extra booth if none is).
    auto lane = static_cast<std::size_t>(std::find_if(g.lanes.begin(), g.lanes.end(), [](const Lane& l) {
                                           return l.vehicle == kNoVehicle && !l.broken;
                                         }) - g.lanes.begin());
    if (lane == g.lanes.size()) g.lanes.emplace_back();
    g.lanes[lane].vehicle = vi;
    g.lanes[lane].serving = true;
    v.lane = static_cast<int>(lane);
    next_service_token_ = next_service_token_ % kTokenMask + 1; // 1 .. kTokenMask; 0 is for groups that do not break
    v.service_token = next_service_token_;
  }
  schedule_service_end(vi, now + duration);
}

void CheckpointModel::schedule_service_end(std::uint32_t vi, double at_s)
{
  Vehicle& v = vehicles_[vi];
  v.service_end_s = at_s;
  Clock::schedule_at(at_s, this, encode(TimerKind::ServiceEnd, vi | (std::uint64_t{v.service_token} << 32)));
}

void CheckpointModel::finish_service(std::uint32_t vi, std::uint32_t token)
{
  const double now = Clock::now_s();
  Vehicle& v = vehicles_[vi];
  if (token != v.service_token) return; // its lane broke: the service ends later, at the token it has now
  GroupState& g = group_state_[static_cast<std::size_t>(v.group)];
  if (v.lane >= 0) g.lanes[static_cast<std::size_t>(v.lane)].serving = false;
  --g.serving;
  ++g.holding;
  v.finished_s = now;
  const int stage = layout_.groups()[static_cast<std::size_t>(v.group)].stage;
  for (auto* o : observers_) o->service_finished(v, stage, now);
  v.next_position = next_visited_position(v, v.position);
  move_on(vi);
}

void CheckpointModel::move_on(std::uint32_t vi)
{
  Vehicle& v = vehicles_[vi];
  const double now = Clock::now_s();
  const int old_group = v.group;
  if (v.next_position < 0) {
    if (old_group >= 0) release_lane(vi);
    for (auto* o : observers_) o->vehicle_departed(vehicles_[vi], now);
    vehicles_.release(vi);
    if (old_group >= 0) fill_lanes(old_group);
    return;
  }
  const int target = layout_.routes()[static_cast<std::size_t>(v.route)].stages[static_cast<std::size_t>(v.next_position)];
  const int group = choose_group(target, v.class_index);
  if (!can_enter(target, group, v.class_index)) {
    stage_state_[static_cast<std::size_t>(target)].blocked_upstream.push_back(vi); // keeps its lane: blocking
    return;
  }
  if (old_group >= 0) release_lane(vi);
  enter(vi, target, group);
  if (old_group >= 0) fill_lanes(old_group);
}

void CheckpointModel::release_lane(std::uint32_t vi)
{
  Vehicle& v = vehicles_[vi];
  GroupState& g = group_state_[static_cast<std::size_t>(v.group)];
  --g.holding;
  if (v.lane >= 0) {
    Lane& lane = g.lanes[static_cast<std::size_t>(v.lane)];
    lane.vehicle = kNoVehicle;
    if (lane.broken) --g.on_broken;
    v.lane = -1;
  }
  const int stage = layout_.groups()[static_cast<std::size_t>(v.group)].stage;
  for (auto* o : observers_) o->lane_released(v, stage, Clock::now_s());
  v.group = -1;
}

void CheckpointModel::left_queue(int stage, int class_index)
{
  StageState& state = stage_state_[static_cast<std::size_t>(stage)];
  --state.waiting;
  state.waiting_m = state.waiting == 0 ? 0 : state.waiting_m - class_length_m_[static_cast<std::size_t>(class_index)];
}

void CheckpointModel::fill_lanes(int group)
{
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  const int stage = layout_.groups()[static_cast<std::size_t>(group)].stage;
  while (!g.queue.empty() && g.idle_lanes() > 0) {
    const std::uint32_t vi = g.queue.pop();
    left_queue(stage, vehicles_[vi].class_index);
    start_service(vi, group);
    admit_blocked(stage);
  }
  admit_blocked(stage);
}

void CheckpointModel::admit_blocked(int stage)
{
  auto& blocked = stage_state_[static_cast<std::size_t>(stage)].blocked_upstream;
  while (!blocked.empty()) {
    const std::uint32_t vi = blocked.front();
    const int group = choose_group(stage, vehicles_[vi].class_index);
    if (!can_enter(stage, group, vehicles_[vi].class_index)) return;
    blocked.pop_front();
    const int old_group = vehicles_[vi].group;
    release_lane(vi);
    enter(vi, stage, group);
    fill_lanes(old_group);
  }
}

void CheckpointModel::refresh_lanes(int group)
{
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  const ChangeEffect effect = apply_changes(g.scheduled_lanes, g.active_changes);
  g.service_factor = effect.service_factor;
  g.open = effect.lanes;
  update_available(group);
}

void CheckpointModel::update_available(int group)
{
  const RunLayout::GroupEntry& info = layout_.groups()[static_cast<std::size_t>(group)];
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  const int available = working_lanes(g.open, info.spec->lane_count, g.broken);
  if (available == g.available) return;
  const bool more = available > g.available;
  g.available = available;
  for (auto* o : observers_) o->lanes_changed(info.stage, group, available, Clock::now_s());
  if (more) fill_lanes(group);
}

void CheckpointModel::fail_lane(std::uint32_t failing_lane)
{
  const double now = Clock::now_s();
  const FailingLane& f = failing_lanes_[failing_lane];
  const auto gi = static_cast<std::size_t>(f.group);
  GroupState& g = group_state_[gi];
  Lane& lane = g.lanes[static_cast<std::size_t>(f.lane)];
  lane.broken = true;
  ++g.broken;
  if (lane.vehicle != kNoVehicle) {
    ++g.on_broken;
    if (lane.serving) { // preemptive resume: the vehicle keeps the lane and the service it still needs
      Vehicle& v = vehicles_[lane.vehicle];
      v.service_left_s = v.service_end_s - now;
      next_service_token_ = next_service_token_ % kTokenMask + 1;
      v.service_token = next_service_token_; // its pending service end is now stale
    }
  }
  for (auto* o : observers_) o->lane_failed(layout_.groups()[gi].stage, f.group, now);
  const LaneFailures& failures = *layout_.groups()[gi].spec->failures;
  schedule_before_end(now + failures.repair.sample(failure_streams_[gi]), encode(TimerKind::LaneRepair, failing_lane));
  update_available(f.group);
  fill_lanes(f.group); // where fewer lanes are open than sound, a crew moves to a free sound booth
}

void CheckpointModel::repair_lane(std::uint32_t failing_lane)
{
  const double now = Clock::now_s();
  const FailingLane& f = failing_lanes_[failing_lane];
  const auto gi = static_cast<std::size_t>(f.group);
  GroupState& g = group_state_[gi];
  Lane& lane = g.lanes[static_cast<std::size_t>(f.lane)];
  lane.broken = false;
  --g.broken;
  if (lane.vehicle != kNoVehicle) {
    --g.on_broken;
    if (lane.serving) schedule_service_end(lane.vehicle, now + vehicles_[lane.vehicle].service_left_s);
  }
  for (auto* o : observers_) o->lane_repaired(layout_.groups()[gi].stage, f.group, now);
  const LaneFailures& failures = *layout_.groups()[gi].spec->failures;
  schedule_before_end(now + failure_streams_[gi].exponential(failures.mtbf_s), encode(TimerKind::LaneFailure, failing_lane));
  update_available(f.group);
  fill_lanes(f.group);
}

void CheckpointModel::change_hours(std::uint32_t group_index)
{
  const auto& sim = scenario_.simulation;
  const double now = Clock::now_s();
  GroupState& g = group_state_[group_index];
  g.scheduled_lanes = layout_.groups()[group_index].spec->lanes_at(sim.calendar, now);
  const double change = layout_.groups()[group_index].spec->next_lanes_change_s(sim.calendar, now);
  schedule_before_end(change, encode(TimerKind::HoursChange, group_index));
  refresh_lanes(static_cast<int>(group_index));
}

void CheckpointModel::apply_change_edge(std::uint32_t edge_index)
{
  const ChangeEdge& edge = edges_[edge_index];
  GroupState& g = group_state_[static_cast<std::size_t>(edge.group)];
  if (edge.starts) g.active_changes.push_back(edge.change);
  else std::erase(g.active_changes, edge.change);
  refresh_lanes(edge.group);
}

} // namespace bordersim
