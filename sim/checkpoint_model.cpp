#include "sim/checkpoint_model.hpp"

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

CheckpointModel::CheckpointModel(const Scenario& scenario, int replication) : scenario_(scenario)
{
  const auto seed = scenario.simulation.seed;
  const auto rep = static_cast<std::uint64_t>(replication);
  const std::size_t class_count = scenario.classes.size();
  for (std::size_t c = 0; c < scenario.crossings.size(); ++c) {
    const auto& crossing = scenario.crossings[c];
    for (std::size_t d = 0; d < crossing.directions.size(); ++d) {
      const auto& dir = crossing.directions[d];
      const int route = static_cast<int>(routes_.size());
      Route r{static_cast<int>(c), static_cast<int>(d), {}};
      for (std::size_t k = 0; k < dir.stages.size(); ++k) {
        const Stage& st = dir.stages[k];
        const int stage_index = static_cast<int>(stage_info_.size());
        StageInfo info{route, static_cast<int>(k), &st, {}};
        for (const auto& g : st.lane_groups) {
          info.groups.push_back(static_cast<int>(group_info_.size()));
          group_info_.push_back({stage_index, &g});
        }
        std::vector<RandomStream> service(class_count);
        std::vector<RandomStream> visit(class_count);
        for (std::size_t ci = 0; ci < class_count; ++ci) {
          const std::string& cls = scenario.classes[ci].id;
          if (st.service[ci])
            service[ci] = RandomStream(derive_stream_seed(
                seed, rep, stream_name("service", scenario, static_cast<int>(c), static_cast<int>(d), st.id, cls)));
          const double p = st.visit_probability[ci];
          if (p > 0 && p < 1)
            visit[ci] = RandomStream(derive_stream_seed(
                seed, rep, stream_name("visit", scenario, static_cast<int>(c), static_cast<int>(d), st.id, cls)));
        }
        service_streams_.push_back(std::move(service));
        visit_streams_.push_back(std::move(visit));
        r.stages.push_back(stage_index);
        stage_info_.push_back(std::move(info));
      }
      for (const auto& flow : dir.demand) {
        const std::string& cls = scenario.classes[static_cast<std::size_t>(flow.class_index)].id;
        flows_.push_back({route, &flow,
                          RandomStream(derive_stream_seed(
                              seed, rep, stream_name("demand", scenario, static_cast<int>(c), static_cast<int>(d), "", cls)))});
      }
      routes_.push_back(std::move(r));
    }
  }
  stage_state_.resize(stage_info_.size());
  group_state_.resize(group_info_.size());
}

void CheckpointModel::start()
{
  const auto& sim = scenario_.simulation;
  for (std::size_t g = 0; g < group_info_.size(); ++g) {
    const LaneGroup& spec = *group_info_[g].spec;
    group_state_[g].open = spec.hours.is_open(sim.calendar, 0.0);
    const int open_lanes = group_state_[g].open ? spec.lane_count : 0;
    for (auto* o : observers_) o->lanes_changed(group_info_[g].stage, static_cast<int>(g), open_lanes, 0.0);
    const double change = spec.hours.next_change_s(sim.calendar, 0.0);
    if (change < sim.horizon_s) EventEngine::schedule_at(change, this, encode(EventKind::HoursChange, g));
  }
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    const double t = flows_[f].spec->next_arrival_s(sim.calendar, 0.0, sim.demand_scale, flows_[f].stream, sim.horizon_s);
    if (t < sim.horizon_s) EventEngine::schedule_at(t, this, encode(EventKind::Arrival, f));
  }
}

void CheckpointModel::handle_event(std::uint64_t payload)
{
  const auto index = static_cast<std::uint32_t>(payload & ((std::uint64_t{1} << 56) - 1));
  switch (static_cast<EventKind>(payload >> 56)) {
  case EventKind::Arrival: arrive(index); break;
  case EventKind::ServiceEnd: finish_service(index); break;
  case EventKind::HoursChange: change_hours(index); break;
  }
}

std::uint32_t CheckpointModel::new_vehicle()
{
  if (!free_vehicles_.empty()) {
    const std::uint32_t index = free_vehicles_.back();
    free_vehicles_.pop_back();
    return index;
  }
  vehicles_.emplace_back();
  return static_cast<std::uint32_t>(vehicles_.size() - 1);
}

void CheckpointModel::free_vehicle(std::uint32_t vehicle_index) { free_vehicles_.push_back(vehicle_index); }

void CheckpointModel::arrive(std::uint32_t flow_index)
{
  const double now = EventEngine::now_s();
  Flow& flow = flows_[flow_index];
  const auto& sim = scenario_.simulation;
  const double next = flow.spec->next_arrival_s(sim.calendar, now, sim.demand_scale, flow.stream, sim.horizon_s);
  if (next < sim.horizon_s) EventEngine::schedule_at(next, this, encode(EventKind::Arrival, flow_index));

  const std::uint32_t vi = new_vehicle();
  VehicleRecord& v = vehicles_[vi];
  v = VehicleRecord{};
  v.id = next_vehicle_id_++;
  v.class_index = flow.spec->class_index;
  v.route = flow.route;
  v.arrived_s = now;
  v.position = -1;
  for (auto* o : observers_) o->vehicle_arrived(v, now);
  v.next_position = next_visited_position(v, -1);
  move_on(vi);
}

int CheckpointModel::next_visited_position(VehicleRecord& v, int after_position)
{
  const Route& route = routes_[static_cast<std::size_t>(v.route)];
  const auto ci = static_cast<std::size_t>(v.class_index);
  for (int p = after_position + 1; p < static_cast<int>(route.stages.size()); ++p) {
    const auto stage = static_cast<std::size_t>(route.stages[static_cast<std::size_t>(p)]);
    const double probability = stage_info_[stage].spec->visit_probability[ci];
    if (probability >= 1.0) return p;
    if (probability > 0.0 && visit_streams_[stage][ci].bernoulli(probability)) return p;
  }
  return -1;
}

int CheckpointModel::choose_group(int stage, int class_index) const
{
  int best = -1;
  std::size_t best_queue = std::numeric_limits<std::size_t>::max();
  int best_idle = -1;
  for (int g : stage_info_[static_cast<std::size_t>(stage)].groups) {
    const GroupInfo& info = group_info_[static_cast<std::size_t>(g)];
    if (!info.spec->serves(class_index)) continue;
    const GroupState& state = group_state_[static_cast<std::size_t>(g)];
    const std::size_t queue = state.queue.size();
    const int idle = state.idle_lanes(info.spec->lane_count);
    if (queue < best_queue || (queue == best_queue && idle > best_idle)) {
      best = g;
      best_queue = queue;
      best_idle = idle;
    }
  }
  return best;
}

bool CheckpointModel::can_enter(int stage, const VehicleRecord& v, int group) const
{
  (void)v;
  const GroupState& g = group_state_[static_cast<std::size_t>(group)];
  if (g.queue.empty() && g.idle_lanes(group_info_[static_cast<std::size_t>(group)].spec->lane_count) > 0) return true;
  const StageInfo& info = stage_info_[static_cast<std::size_t>(stage)];
  return stage_state_[static_cast<std::size_t>(stage)].waiting < info.spec->queue_capacity;
}

void CheckpointModel::enter(std::uint32_t vi, int stage, int group)
{
  const double now = EventEngine::now_s();
  VehicleRecord& v = vehicles_[vi];
  v.position = stage_info_[static_cast<std::size_t>(stage)].position;
  v.next_position = -1;
  v.group = group;
  v.joined_s = now;
  for (auto* o : observers_) o->queue_joined(v, stage, now);
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  if (g.queue.empty() && g.idle_lanes(group_info_[static_cast<std::size_t>(group)].spec->lane_count) > 0) {
    start_service(vi, group);
  } else {
    g.queue.push_back(vi);
    ++stage_state_[static_cast<std::size_t>(stage)].waiting;
  }
}

void CheckpointModel::start_service(std::uint32_t vi, int group)
{
  const double now = EventEngine::now_s();
  VehicleRecord& v = vehicles_[vi];
  const int stage = group_info_[static_cast<std::size_t>(group)].stage;
  ++group_state_[static_cast<std::size_t>(group)].serving;
  const double wait = now - v.joined_s;
  v.wait_total_s += wait;
  v.started_s = now;
  for (auto* o : observers_) o->service_started(v, stage, now, wait);
  const auto ci = static_cast<std::size_t>(v.class_index);
  const Distribution& service = *stage_info_[static_cast<std::size_t>(stage)].spec->service[ci];
  const double duration = service.sample(service_streams_[static_cast<std::size_t>(stage)][ci]);
  EventEngine::schedule_at(now + duration, this, encode(EventKind::ServiceEnd, vi));
}

void CheckpointModel::finish_service(std::uint32_t vi)
{
  const double now = EventEngine::now_s();
  VehicleRecord& v = vehicles_[vi];
  GroupState& g = group_state_[static_cast<std::size_t>(v.group)];
  --g.serving;
  ++g.holding;
  v.finished_s = now;
  const int stage = group_info_[static_cast<std::size_t>(v.group)].stage;
  for (auto* o : observers_) o->service_finished(v, stage, now);
  v.next_position = next_visited_position(v, v.position);
  move_on(vi);
}

void CheckpointModel::move_on(std::uint32_t vi)
{
  VehicleRecord& v = vehicles_[vi];
  const double now = EventEngine::now_s();
  if (v.next_position < 0) {
    const int old_group = v.group;
    if (old_group >= 0) release_lane(vi);
    for (auto* o : observers_) o->vehicle_departed(vehicles_[vi], now);
    free_vehicle(vi);
    if (old_group >= 0) fill_lanes(old_group);
    return;
  }
  const int target = routes_[static_cast<std::size_t>(v.route)].stages[static_cast<std::size_t>(v.next_position)];
  const int group = choose_group(target, v.class_index);
  if (!can_enter(target, v, group)) {
    stage_state_[static_cast<std::size_t>(target)].blocked_upstream.push_back(vi); // keeps its lane: blocking
    return;
  }
  const int old_group = v.group;
  if (old_group >= 0) release_lane(vi);
  enter(vi, target, group);
  if (old_group >= 0) fill_lanes(old_group);
}

void CheckpointModel::release_lane(std::uint32_t vi)
{
  VehicleRecord& v = vehicles_[vi];
  GroupState& g = group_state_[static_cast<std::size_t>(v.group)];
  --g.holding;
  const int stage = group_info_[static_cast<std::size_t>(v.group)].stage;
  for (auto* o : observers_) o->lane_released(v, stage, EventEngine::now_s());
  v.group = -1;
}

void CheckpointModel::fill_lanes(int group)
{
  GroupState& g = group_state_[static_cast<std::size_t>(group)];
  const int lane_count = group_info_[static_cast<std::size_t>(group)].spec->lane_count;
  const int stage = group_info_[static_cast<std::size_t>(group)].stage;
  while (!g.queue.empty() && g.idle_lanes(lane_count) > 0) {
    const std::uint32_t vi = g.queue.front();
    g.queue.pop_front();
    --stage_state_[static_cast<std::size_t>(stage)].waiting;
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
    const VehicleRecord& v = vehicles_[vi];
    const int group = choose_group(stage, v.class_index);
    if (!can_enter(stage, v, group)) return;
    blocked.pop_front();
    const int old_group = v.group;
    release_lane(vi);
    enter(vi, stage, group);
    fill_lanes(old_group);
  }
}

void CheckpointModel::change_hours(std::uint32_t group_index)
{
  const auto& sim = scenario_.simulation;
  const double now = EventEngine::now_s();
  const GroupInfo& info = group_info_[group_index];
  GroupState& g = group_state_[group_index];
  g.open = info.spec->hours.is_open(sim.calendar, now);
  for (auto* o : observers_) o->lanes_changed(info.stage, static_cast<int>(group_index), g.open ? info.spec->lane_count : 0, now);
  const double change = info.spec->hours.next_change_s(sim.calendar, now);
  if (change < sim.horizon_s) EventEngine::schedule_at(change, this, encode(EventKind::HoursChange, group_index));
  if (g.open) fill_lanes(static_cast<int>(group_index));
}

} // namespace bordersim
