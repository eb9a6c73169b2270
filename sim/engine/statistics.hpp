// Statistics subscribe to the model's events: per-class waits and system times, per-stage queues,
// lanes and utilisation, all over the window after the warm-up.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/run_layout.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/model_events.hpp"
#include "sim/engine/waiting_zone_split.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

/// Live state of a stage, readable by samplers.
struct StageLiveState {
  int waiting = 0;
  double waiting_m = 0;
  int in_zone = 0;      // of the waiting, those in the stage's waiting zone (none without one) ...
  int on_road = 0;      // ... and those on the road behind it (all of them without one)
  double on_road_m = 0; // the room these take
  int serving = 0;
  int holding = 0;
  int open_lanes = 0; // lanes open, or closed but still occupied
  double staff_cost_usd_per_s = 0; // of those lanes, by their groups' staff cost
  int broken_lanes = 0;
  double last_update_s = 0;
  std::uint64_t joined_total = 0;   // cumulative arrivals at the stage
  std::uint64_t released_total = 0; // cumulative departures from the stage
};

/// A flow's cohort (the vehicles that arrived in the window) still in the system, in sums rather than vehicle by
/// vehicle, so that their waits so far cost nothing per vehicle: a run whose queues grow would otherwise report
/// only the luckier vehicles that left.
struct CohortInSystem {
  std::uint64_t count = 0;   // vehicles
  double waited_s = 0;       // waits of queues already left
  std::uint64_t waiting = 0; // in a queue now
  double joined_sum_s = 0;   // ... the sum of the times they joined it

  void joined(double t_s)
  {
    ++waiting;
    joined_sum_s += t_s;
  }
  void started(double wait_s, double joined_s)
  {
    waited_s += wait_s;
    --waiting;
    joined_sum_s -= joined_s;
  }
  void left(double wait_total_s)
  {
    --count;
    waited_s -= wait_total_s;
  }
  /// Gave up waiting in the queue it joined at `joined_s`, after `wait_s`, `wait_total_s` in all.
  void gave_up(double wait_s, double joined_s, double wait_total_s)
  {
    started(wait_s, joined_s);
    left(wait_total_s);
  }
  /// Waits of queues left, plus each waiting vehicle's time in its queue up to `now_s`.
  double waits_so_far_s(double now_s) const
  {
    return std::max(0.0, waited_s + static_cast<double>(waiting) * now_s - joined_sum_s);
  }
};

class StatisticsCollector : public ModelObserver, public TimerHandler {
public:
  /// `hour_histograms`: each flow's wait histogram per hour of arrival (wait_by_hour.csv's percentiles); without
  /// them, the hours' counts and mean waits are still kept.
  explicit StatisticsCollector(const RunLayout& layout, bool hour_histograms = true);

  /// Schedules the warm-up reset. Call before the engine runs.
  void start();
  void on_timer(std::uint64_t payload) override;
  /// Closes the integrals at the horizon and hands over the tallies.
  ReplicationResult finish(int replication, double horizon_s);
  /// Per flow, the cohort still in the system (valid after finish, for the drain).
  const std::vector<CohortInSystem>& cohort_in_system() const { return cohort_; }
  const StageLiveState& stage_state(int stage) const { return live_[static_cast<std::size_t>(stage)]; }

  void vehicle_arrived(const Vehicle& v, double t_s) override;
  void vehicle_diverted(const Vehicle& v, int to_route, double t_s) override;
  void queue_joined(const Vehicle& v, int stage, double t_s) override;
  void service_started(const Vehicle& v, int stage, double t_s, double wait_s) override;
  void service_finished(const Vehicle& v, int stage, double t_s) override;
  void lane_released(const Vehicle& v, int stage, double t_s) override;
  void vehicle_departed(const Vehicle& v, double t_s) override;
  void lanes_changed(int stage, int group, int open_lanes, double t_s) override;
  void vehicle_abandoned(const Vehicle& v, int stage, double t_s, double wait_s, int to_route) override;
  void vehicle_balked(const Vehicle& v, int stage, double t_s) override;
  void vehicle_suppressed(const Vehicle& v, double t_s) override;
  void vehicle_booked(const Vehicle& v, double t_s, double slot_s, bool no_show) override;
  void lane_failed(int stage, int group, double t_s) override;
  void lane_repaired(int stage, int group, double t_s) override;

private:
  struct GroupLive {
    int lane_count = 0;
    double staff_cost_usd_per_lane_s = 0;
    int open_lanes = 0;
    int serving = 0;
    int holding = 0;
    // A lane closed or removed while occupied still counts as open until its vehicle leaves.
    int effective_open() const { return std::max(open_lanes, serving + holding); }
  };
  void advance(int stage, double t_s);
  /// After the stage's waiting changed: who of them is in its zone and who on the road.
  void split_queue(int stage);
  /// `v` stopped waiting at `stage` (its service started, or it gave up); advance() came first.
  void left_queue(const Vehicle& v, int stage);
  /// Applies a change of one group's occupancy or open lanes to its stage's open-lane count.
  template <class Change> void update_group(int stage, int group, Change change);
  std::size_t flow_of(const Vehicle& v) const { return layout_.flow(v.route, v.class_index); }
  bool counted(const Vehicle& v) const { return v.arrived_s >= warmup_s_; }

  const RunLayout& layout_;
  bool hour_histograms_;
  std::vector<double> class_length_m_;
  double warmup_s_;
  std::vector<StageLiveState> live_;
  std::vector<std::optional<WaitingZoneSplit>> zones_; // per stage; empty where it has no waiting zone
  std::vector<GroupLive> groups_;
  std::vector<std::uint64_t> in_system_; // per flow
  std::vector<CohortInSystem> cohort_;   // per flow
  std::vector<std::uint64_t> awaiting_slot_; // per flow: booked, coming, not yet arrived
  ReplicationResult result_;
};

/// After the horizon, with arrivals stopped, follows the cohort still in the system until it has left, so that each
/// of its vehicles is counted at its whole wait: the only observer while the model drains.
class CohortDrain : public ModelObserver {
public:
  CohortDrain(const RunLayout& layout, std::vector<CohortInSystem> cohort);
  bool drained() const { return remaining_ == 0; }
  /// Sets each flow's unfinished wait sum: the drained vehicles' whole waits, and any still in the system at
  /// `end_s` at their waits so far.
  void finish(ReplicationResult& result, double end_s) const;

  void queue_joined(const Vehicle& v, int stage, double t_s) override;
  void service_started(const Vehicle& v, int stage, double t_s, double wait_s) override;
  void vehicle_departed(const Vehicle& v, double t_s) override;
  /// Patience runs on while draining: a vehicle of the cohort that gives up counts at its wait until then.
  void vehicle_abandoned(const Vehicle& v, int stage, double t_s, double wait_s, int to_route) override;

private:
  bool in_cohort(const Vehicle& v) const { return v.arrived_s >= warmup_s_ && v.arrived_s < horizon_s_; }
  const RunLayout& layout_;
  double warmup_s_, horizon_s_;
  std::vector<CohortInSystem> cohort_; // per flow
  std::vector<double> drained_wait_s_; // per flow: whole waits of the cohort that left while draining
  std::uint64_t remaining_ = 0;
};

} // namespace bordersim
