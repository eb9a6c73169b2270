// What one replication measured, before averaging across replications. Passed from the worker process
// that ran it to the parent that aggregates.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "models/formats/units.hpp"
#include "sim/results/histogram.hpp"

namespace bordersim {

/// Percentiles are read from a histogram bucket's middle, which can exceed the largest value seen; they
/// are capped at that maximum. Two ways are used and they differ on purpose:
///  - pooled (summary.csv, stages.csv): add every replication's tally to PooledWaits, then ask it;
///  - per replication (comparison.csv, baselines, capacity): ask each replication's tally, then average,
///    so that the value has a confidence interval over replications.
namespace tally_detail {
template <class Count> double capped_quantile_s(const BasicLogHistogram<Count>& h, double p, double max_s)
{
  return h.count() ? std::min(h.quantile(p), max_s) : std::nan("");
}
inline double mean_or_nan(double sum, std::uint64_t n) { return n ? sum / static_cast<double>(n) : std::nan(""); }
inline double share_or_nan(double part, double whole) { return whole > 0 ? part / whole : std::nan(""); }
} // namespace tally_detail

/// The waits of the vehicles of a flow that arrived in one hour of the day (local clock, time zero at midnight).
struct ArrivalHourTally {
  std::uint64_t count = 0;
  double wait_sum_s = 0;
  LogHistogram wait;
  double wait_mean_s() const { return tally_detail::mean_or_nan(wait_sum_s, count); }
};
inline constexpr int kHoursPerDay = 24;

/// Per crossing x direction x class (a flow, indexed by RunLayout::flow). Counts are over the measurement
/// window [warmup, horizon]; waits and system times over the vehicles that arrived in the window and left
/// by the horizon (the cohort). Conservation: in_system_at_warmup + arrivals = departures + abandoned + balked +
/// diverted_impatient + in_system_at_end.
struct FlowTally {
  std::uint64_t arrivals = 0;
  std::uint64_t departures = 0;
  std::uint64_t in_system_at_warmup = 0;
  std::uint64_t in_system_at_end = 0;
  std::uint64_t cohort_done = 0;
  std::uint64_t diverted_out = 0; // turned away to another crossing on arrival (not in arrivals)
  std::uint64_t diverted_in = 0;  // came from another crossing (included in arrivals)
  double wait_sum_s = 0;
  double wait_max_s = 0;
  double system_sum_s = 0;
  double system_max_s = 0;
  LogHistogram wait;
  LogHistogram system_time;
  std::uint64_t cohort_unfinished = 0; // of the cohort, still in the system at the horizon
  double unfinished_wait_sum_s = 0;    // their whole waits, followed after the horizon with arrivals stopped (the drain)
  std::uint64_t cohort_still_in_system_after_drain = 0; // of them, still in the system when the drain gave up: counted
                                                        // at their waits so far
  std::array<ArrivalHourTally, kHoursPerDay> by_arrival_hour; // the cohort that left, by the hour it arrived
  std::uint64_t abandoned = 0;          // gave up waiting at the first stage and left the border (in arrivals)
  std::uint64_t diverted_impatient = 0; // gave up waiting there and drove to an alternative (in arrivals)
  std::uint64_t balked = 0;             // did not join the first stage's long queue (in arrivals)
  std::uint64_t suppressed = 0;         // stayed home while the queue was long (not in arrivals)
  std::uint64_t cohort_gave_up = 0;     // of the cohort, gave up waiting (either way) by the horizon
  double gave_up_wait_sum_s = 0;        // ... their waits until they gave up
  // The electronic queue (models/booking.hpp). Bookings are counted when made (at the time the vehicle would have
  // arrived): booked + awaiting_slot_at_warmup = arrivals_booked + no_shows + awaiting_slot_at_end.
  std::uint64_t booked = 0;                  // took a slot (not in arrivals)
  std::uint64_t no_shows = 0;                // of them, will never come
  std::uint64_t arrivals_booked = 0;         // came at their slots (in arrivals)
  std::uint64_t awaiting_slot_at_warmup = 0; // booked and coming, but not yet arrived
  std::uint64_t awaiting_slot_at_end = 0;
  double slot_wait_sum_s = 0; // of those booked in the window: from when they would have arrived until their slots
  double slot_wait_max_s = 0;
  LogHistogram slot_wait;

  /// NaN when no vehicle of the cohort left.
  double wait_mean_s() const { return tally_detail::mean_or_nan(wait_sum_s, cohort_done); }
  /// Over the whole cohort but those that balked: those that left by the horizon, those that gave up waiting by
  /// then (at their waits until they gave up), and those still inside then, at their whole waits (followed after
  /// the horizon with arrivals stopped; see CohortDrain).
  double wait_mean_incl_unfinished_s() const
  {
    return tally_detail::mean_or_nan(wait_sum_s + unfinished_wait_sum_s + gave_up_wait_sum_s,
                                     cohort_done + cohort_unfinished + cohort_gave_up);
  }
  double system_time_mean_s() const { return tally_detail::mean_or_nan(system_sum_s, cohort_done); }
  /// NaN when nobody booked in the window.
  double slot_wait_mean_s() const { return tally_detail::mean_or_nan(slot_wait_sum_s, booked); }
  double slot_wait_quantile_s(double p) const { return tally_detail::capped_quantile_s(slot_wait, p, slot_wait_max_s); }
  double wait_quantile_s(double p) const { return tally_detail::capped_quantile_s(wait, p, wait_max_s); }
  double system_time_quantile_s(double p) const { return tally_detail::capped_quantile_s(system_time, p, system_max_s); }
};

/// Per stage (indexed by RunLayout's global stage index). Integrals are over the window, in
/// vehicle-seconds (lane-seconds for lanes).
struct StageTally {
  std::uint64_t served = 0; // services ended in the window
  std::uint64_t cohort_waits = 0;
  double wait_sum_s = 0;
  double wait_max_s = 0;
  LogHistogram wait;
  double queue_integral = 0;
  double queue_m_integral = 0;
  double serving_integral = 0;
  double holding_integral = 0;
  double open_integral = 0;
  double staff_cost_integral = 0; // USD/s of the staffed lanes, integrated: USD
  double broken_integral = 0; // lane-seconds broken down
  double queue_max = 0;
  double queue_m_max = 0;
  // The queue split by the stage's waiting zone (without one the road holds the whole queue, and these equal the
  // queue's own).
  double zone_integral = 0;   // vehicles in the zone
  double road_integral = 0;   // vehicles on the road behind it
  double road_m_integral = 0; // ... and the room they take
  double road_max = 0;
  double road_m_max = 0;
  std::vector<double> queue_batch_means; // the queue sampled from time zero, in batch means of 5 samples (MSER-5)

  double wait_mean_s() const { return tally_detail::mean_or_nan(wait_sum_s, cohort_waits); }
  double wait_quantile_s(double p) const { return tally_detail::capped_quantile_s(wait, p, wait_max_s); }
  /// Time-average vehicles waiting (and the room they take, in metres) over a window of `window_s`.
  double queue_mean(double window_s) const { return queue_integral / window_s; }
  double queue_mean_m(double window_s) const { return queue_m_integral / window_s; }
  /// The same for the vehicles in the waiting zone, and for those on the road behind it.
  double zone_mean(double window_s) const { return zone_integral / window_s; }
  double road_mean(double window_s) const { return road_integral / window_s; }
  double road_mean_m(double window_s) const { return road_m_integral / window_s; }
  double open_lanes_mean(double window_s) const { return open_integral / window_s; }
  /// Lane-hours broken down per day of the window.
  double lane_hours_broken_per_day(double window_s) const { return broken_integral / kSecondsPerHour * kSecondsPerDay / window_s; }
  /// Busy lane-time over open lane-time; NaN when no lane was open.
  double utilization() const { return tally_detail::share_or_nan(serving_integral, open_integral); }
  /// Lane-time held by vehicles that finished but could not move on, over open lane-time.
  double blocked_share() const { return tally_detail::share_or_nan(holding_integral, open_integral); }
};

/// Waits pooled over replications, for the pooled percentiles of summary.csv and stages.csv: counted in 64 bits,
/// where a replication's tally counts in 32.
struct PooledWaits {
  PooledLogHistogram wait;
  PooledLogHistogram system_time;
  PooledLogHistogram slot_wait;
  double wait_max_s = 0;
  double system_max_s = 0;
  double slot_wait_max_s = 0;

  void add(const FlowTally& t)
  {
    wait.merge(t.wait);
    system_time.merge(t.system_time);
    slot_wait.merge(t.slot_wait);
    wait_max_s = std::max(wait_max_s, t.wait_max_s);
    system_max_s = std::max(system_max_s, t.system_max_s);
    slot_wait_max_s = std::max(slot_wait_max_s, t.slot_wait_max_s);
  }
  void add(const StageTally& t)
  {
    wait.merge(t.wait);
    wait_max_s = std::max(wait_max_s, t.wait_max_s);
  }
  double wait_quantile_s(double p) const { return tally_detail::capped_quantile_s(wait, p, wait_max_s); }
  double system_time_quantile_s(double p) const { return tally_detail::capped_quantile_s(system_time, p, system_max_s); }
  double slot_wait_quantile_s(double p) const { return tally_detail::capped_quantile_s(slot_wait, p, slot_wait_max_s); }
};

struct ReplicationResult {
  int replication = 0;
  double window_s = 0;
  std::uint64_t vehicles = 0;
  std::vector<FlowTally> flows;   // RunLayout::flow(route, class)
  std::vector<StageTally> stages; // RunLayout's global stage index

  /// A count over the window as a rate per day.
  double per_day(std::uint64_t count) const { return change_per_day(static_cast<double>(count)); }
  /// A change over the window (it may be negative) as a rate per day.
  double change_per_day(double change) const { return change / (window_s / kSecondsPerDay); }

  void write(const std::string& path) const;
  static ReplicationResult read(const std::string& path);
};

} // namespace bordersim
