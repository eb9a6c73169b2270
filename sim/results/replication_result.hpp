// What one replication measured, before averaging across replications. Passed from the worker process
// that ran it to the parent that aggregates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/results/histogram.hpp"

namespace bordersim {

/// Per crossing x direction x class. Counts are over the measurement window [warmup, horizon];
/// waits and system times over the vehicles that arrived in the window and left by the horizon.
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
};

/// Per stage. Integrals are over the window, in vehicle-seconds (lane-seconds for lanes).
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
  double queue_max = 0;
  double queue_m_max = 0;
};

struct ReplicationResult {
  int replication = 0;
  double window_s = 0;
  std::uint64_t vehicles = 0;
  std::vector<FlowTally> flows;   // route * class_count + class
  std::vector<StageTally> stages; // global stage index

  void write(const std::string& path) const;
  static ReplicationResult read(const std::string& path);
};

} // namespace bordersim
