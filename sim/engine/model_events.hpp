// What the checkpoint model announces as it runs. Statistics, samplers and the trace subscribe.
#pragma once

#include <cstdint>
#include <limits>

#include "sim/engine/lane_queue.hpp"

namespace bordersim {

/// A vehicle as the model tracks it; observers read it, never change it.
struct Vehicle {
  std::uint64_t id = 0;
  int class_index = 0;
  int route = 0;          // crossing x direction, see CheckpointModel::routes()
  int position = 0;       // index of its current stage within the route
  int group = -1;         // lane group it queues or is served in (global index)
  int next_position = -1; // stage it waits to enter while blocking a lane
  double arrived_s = 0;   // at the crossing
  double joined_s = 0;    // joined the current stage's queue
  double started_s = 0;   // started service at the current stage
  double finished_s = 0;  // ended service at the current stage
  double wait_total_s = 0;
  std::uint8_t priority = 2; // 0 out-of-turn, 1 fast-track, 2 regular
  bool diverted = false;     // came here from another crossing
  bool may_divert = false;   // free to use its flow's alternatives (drawn on arrival: divert_share)
  bool booked = false;       // took a slot of its flow's electronic queue (committed: see models/booking.hpp)
  double gives_up_s = std::numeric_limits<double>::infinity(); // while waiting with patience: when it gives up
  QueueTicket ticket;        // its place in its lane group's queue, while it waits there
  // Where lanes break down (the model's own bookkeeping): the lane of its group it occupies (else -1), when its
  // service is due to end, and the service still due after its lane broke under it (preemptive resume).
  int lane = -1;
  double service_end_s = 0;
  double service_left_s = 0;
  std::uint32_t service_token = 0; // names its pending service end; a timer with another token is stale
};

class ModelObserver {
public:
  virtual ~ModelObserver() = default;
  virtual void vehicle_arrived(const Vehicle& /*v*/, double /*t_s*/) {}
  /// Chose another crossing on arrival; `v.route` is still the one it turned away from. It arrives
  /// there (vehicle_arrived with `diverted` set) after the detour.
  virtual void vehicle_diverted(const Vehicle& /*v*/, int /*to_route*/, double /*t_s*/) {}
  /// Joined a stage's queue (a vehicle that finds a free lane joins and starts at the same instant).
  virtual void queue_joined(const Vehicle& /*v*/, int /*stage*/, double /*t_s*/) {}
  virtual void service_started(const Vehicle& /*v*/, int /*stage*/, double /*t_s*/, double /*wait_s*/) {}
  /// Service ended; the vehicle still holds its lane until lane_released (it may block).
  virtual void service_finished(const Vehicle& /*v*/, int /*stage*/, double /*t_s*/) {}
  virtual void lane_released(const Vehicle& /*v*/, int /*stage*/, double /*t_s*/) {}
  virtual void vehicle_departed(const Vehicle& /*v*/, double /*t_s*/) {}
  /// Gave up waiting in the first stage's queue after `wait_s` (its patience ran out; `v.wait_total_s` includes
  /// this wait). `to_route` < 0: it left the border (abandoned); otherwise it drives to that alternative and arrives
  /// there after the detour (vehicle_arrived with `diverted` set), `v.route` still the one it left.
  virtual void vehicle_abandoned(const Vehicle& /*v*/, int /*stage*/, double /*t_s*/, double /*wait_s*/, int /*to_route*/) {}
  /// Arrived (vehicle_arrived came first) but found more than its flow's balk_queue_over waiting at the first stage,
  /// and left without joining.
  virtual void vehicle_balked(const Vehicle& /*v*/, int /*stage*/, double /*t_s*/) {}
  /// Stayed home (stay_home): would have arrived now, but the first stage's queue was long. Not an arrival: only
  /// `class_index` and `route` of `v` mean anything.
  virtual void vehicle_suppressed(const Vehicle& /*v*/, double /*t_s*/) {}
  /// Booked a slot of its flow's electronic queue at `t_s`, when it would have arrived; its slot starts at `slot_s`
  /// (the wait for it, slot_s - t_s, is spent off-site). A no-show never comes; the others arrive at the slot
  /// (vehicle_arrived, `booked` set).
  virtual void vehicle_booked(const Vehicle& /*v*/, double /*t_s*/, double /*slot_s*/, bool /*no_show*/) {}
  /// A lane group's open lane count changed (also sent once at time zero).
  virtual void lanes_changed(int /*stage*/, int /*group*/, int /*open_lanes*/, double /*t_s*/) {}
  /// One lane of a group broke down (scenario key failures); a vehicle in service on it waits for the repair.
  virtual void lane_failed(int /*stage*/, int /*group*/, double /*t_s*/) {}
  /// The lane is repaired; a vehicle whose service it interrupted resumes it.
  virtual void lane_repaired(int /*stage*/, int /*group*/, double /*t_s*/) {}
};

} // namespace bordersim
