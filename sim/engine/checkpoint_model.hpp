// The checkpoint network at run time: arrivals and diversion, the electronic queue, impatient drivers, priority lane
// queues, service, blocking between stages, opening hours, rosters, scheduled changes and lane breakdowns. It
// schedules through Clock and announces what happens to its observers.
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <vector>

#include "models/booking.hpp"
#include "models/random_stream.hpp"
#include "models/run_layout.hpp"
#include "models/scenario.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/hall_chains.hpp"
#include "sim/engine/lane_queue.hpp"
#include "sim/engine/model_events.hpp"
#include "sim/engine/record_pool.hpp"

namespace bordersim {

class CheckpointModel : public TimerHandler {
public:
  /// `layout` (and its scenario) must outlive the model. `tracing`: every vehicle and person through this model, none
  /// through HallChains (the trace follows each one, in order of time).
  CheckpointModel(const RunLayout& layout, int replication, bool tracing = false);

  void add_observer(ModelObserver* observer) { observers_.push_back(observer); }
  /// From now on only `observer` hears what happens (the drain after the horizon).
  void observe_only(ModelObserver* observer) { observers_.assign(1, observer); }
  /// Schedules first arrivals, opening-hour changes and scheduled changes. Call before run_until.
  void start();
  void on_timer(std::uint64_t payload) override;
  /// After the horizon: no more arrivals, but opening hours and scheduled changes go on until `end_s`, so that
  /// the vehicles still inside can leave.
  void drain_until(double end_s);
  /// Brings the passport halls run apart (HallChains) up to `until_s`: call after Clock::run_until, before reading
  /// results.
  void catch_up(double until_s)
  {
    if (chains_) chains_->catch_up(until_s);
  }

  const RunLayout& layout() const { return layout_; }
  /// Stable name of a stochastic source: "service/<crossing>/<direction>/<stage>/<class>" and so on.
  static std::string stream_name(std::string_view kind, const Scenario& s, int crossing, int direction,
                                 std::string_view stage, std::string_view vehicle_class);

private:
  // HoursChange: the hours or the roster may change a group's lanes.
  enum class TimerKind : std::uint64_t {
    Arrival = 0, ServiceEnd = 1, HoursChange = 2, ScheduledChangeEdge = 3, DelayedArrival = 4, PatienceEnd = 5, LaneFailure = 6,
    LaneRepair = 7
  };
  static std::uint64_t encode(TimerKind kind, std::uint64_t index) { return (static_cast<std::uint64_t>(kind) << 56) | index; }
  /// A service end's payload carries the vehicle in its low 32 bits and its service token in the next 24.
  static constexpr std::uint32_t kTokenMask = (std::uint32_t{1} << 24) - 1;

  struct Flow {
    int route;
    const DemandFlow* spec;
    RandomStream stream;
    RandomStream priority_stream;
    RandomStream divert_stream;
    RandomStream patience_stream;  // "patience/<crossing>/<direction>/<first stage>/<class>"
    RandomStream stay_home_stream; // "stay_home/<crossing>/<direction>/<class>"
    RandomStream booking_stream;   // "booking/<crossing>/<direction>/<class>": who books, who does not show
    RandomStream lateness_stream;  // "lateness/<crossing>/<direction>/<class>"
    SlotBook slots;
    std::vector<std::pair<int, double>> alternatives; // (route, detour_s)
  };
  struct StageState {
    int waiting = 0;
    double waiting_m = 0; // room the waiting vehicles take, for a waiting area given in metres
    std::deque<std::uint32_t> blocked_upstream; // vehicles holding a lane upstream, waiting for room here
  };
  static constexpr std::uint32_t kNoVehicle = std::numeric_limits<std::uint32_t>::max();
  /// One booth of a group whose lanes break down (the others need no lane of their own).
  struct Lane {
    std::uint32_t vehicle = kNoVehicle; // serving or holding it
    bool serving = false;
    bool broken = false;
  };
  struct GroupState {
    int scheduled_lanes = 0; // by the hours and the roster, before scheduled changes
    int open = 0;      // lanes its hours, roster and scheduled changes leave open
    int available = 0; // lanes that may be in use now: open, and not broken (working_lanes)
    int serving = 0;   // including services interrupted by a breakdown
    int holding = 0;   // finished but not yet released (blocked)
    int broken = 0;    // lanes broken now
    int on_broken = 0; // vehicles (serving or holding) on a broken lane, which `available` already leaves out
    double service_factor = 1.0;
    std::vector<const ScheduledChange*> active_changes;
    std::vector<Lane> lanes; // only where lanes break down
    LaneQueue queue;
    int idle_lanes() const
    {
      const int occupied = serving + holding - on_broken;
      return available > occupied ? available - occupied : 0;
    }
  };
  /// A lane that breaks down: its group, its booth there, and the group's failure stream.
  struct FailingLane {
    int group;
    int lane;
  };
  struct ChangeEdge {
    int group;
    const ScheduledChange* change;
    bool starts;
  };

  void arrive(std::uint32_t flow_index);
  /// Arrives after a detour (diverted) or at its booked slot.
  void arrive_delayed(std::uint32_t vehicle_index);
  /// Sends a vehicle of `flow` to the alternative `route`, where it arrives (afresh, as diverted) after the detour.
  void drive_to_alternative(std::uint32_t vehicle_index, const Flow& flow, int route);
  /// A vehicle of `class_index` stopped waiting at `stage` (served, or gave up).
  void left_queue(int stage, int class_index);
  /// Books a slot for a vehicle that would arrive now and schedules its arrival there; a no-show is freed at once.
  void book(std::uint32_t vehicle_index, Flow& flow);
  /// A patience timer: the vehicle gives up unless it has started service (the timer is then ignored).
  void patience_ends(std::uint64_t timer_body);
  Flow* flow_of(const Vehicle& v);
  /// Draws the patience of a vehicle that queues at its route's first stage, when its flow has one.
  void start_patience(std::uint32_t vehicle_index);
  /// A patience timer carries the vehicle's slot (32 bits) and the low 24 bits of its id, so that a timer left
  /// behind by a vehicle that started service is not mistaken for the next vehicle in that slot.
  static constexpr std::uint64_t kPatienceTagMask = (std::uint64_t{1} << 24) - 1;
  /// The first stage of `route` that `class_index` may visit: the queue its vehicles meet first, where they balk, stay
  /// home, divert or run out of patience (a car at a crossing whose first stage is the passport hall meets the lanes).
  int first_stage(int route, int class_index) const
  {
    const auto& stops = visit_stops_[static_cast<std::size_t>(route) * layout_.class_count() + static_cast<std::size_t>(class_index)];
    return stops.empty() ? layout_.routes()[static_cast<std::size_t>(route)].stages.front() : stops.front().stage;
  }
  void finish_service(std::uint32_t vehicle_index, std::uint32_t token);
  void fail_lane(std::uint32_t failing_lane);
  void repair_lane(std::uint32_t failing_lane);
  /// Sets the lanes a group may use from its open lanes and broken ones; announces a change.
  void update_available(int group);
  void schedule_service_end(std::uint32_t vehicle_index, double at_s);
  void change_hours(std::uint32_t group_index);
  /// Schedules a lane change due before the end of the schedule (the horizon, or the drain's end); keeps a later
  /// one for drain_until.
  void schedule_before_end(double at_s, std::uint64_t payload);
  void apply_change_edge(std::uint32_t edge_index);
  void refresh_lanes(int group);

  /// `must_leave`: only the alternatives (an impatient vehicle leaving the queue of its own route).
  int choose_route(const Flow& flow, bool must_leave = false) const;
  double expected_time_s(int route, int class_index) const;
  int next_visited_position(Vehicle& v, int after_position);
  int choose_group(int stage, int class_index) const;
  bool can_enter(int stage, int group, int class_index) const;
  void enter_route(std::uint32_t vehicle_index);
  void enter(std::uint32_t vehicle_index, int stage, int group);
  void start_service(std::uint32_t vehicle_index, int group);
  void release_lane(std::uint32_t vehicle_index);
  void fill_lanes(int group);
  void admit_blocked(int stage);
  void move_on(std::uint32_t vehicle_index);

  const RunLayout& layout_;
  const Scenario& scenario_;
  std::vector<Flow> flows_;
  std::vector<int> flow_index_; // per RunLayout flow (route x class): index into flows_, or -1
  std::vector<StageState> stage_state_;
  std::vector<GroupState> group_state_;
  std::vector<ChangeEdge> edges_;
  std::vector<std::vector<RandomStream>> service_streams_; // [stage][class]
  std::vector<std::vector<RandomStream>> visit_streams_;   // [stage][class]
  /// The stages of a route a class may visit (probability above 0), in route order: where a vehicle goes next is
  /// found without walking the stages it never visits (most of them, for people on foot).
  struct VisitStop {
    int position; // within the route
    int stage;
    double probability;
  };
  std::vector<std::vector<VisitStop>> visit_stops_; // [route * class count + class]
  RecordPool<Vehicle> vehicles_{"vehicles inside the crossings"};
  std::uint64_t next_vehicle_id_ = 1;
  std::vector<FailingLane> failing_lanes_;
  std::vector<RandomStream> failure_streams_; // per group; unused where lanes do not break
  std::uint32_t next_service_token_ = 0;
  std::vector<ModelObserver*> observers_;
  double schedule_end_s_ = 0; // the horizon, until drain_until moves it
  std::vector<std::pair<double, std::uint64_t>> deferred_; // (date, payload) of lane changes past the schedule's end
  std::vector<double> class_length_m_;
  std::unique_ptr<HallChains> chains_; // people on foot whose halls nothing else touches; none when empty
  std::vector<bool> chained_flow_;     // per flows_ entry: runs in chains_
};

} // namespace bordersim
