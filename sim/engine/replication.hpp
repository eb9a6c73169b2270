// One replication, run in the current process: build the model, attach observers, run to the horizon.
#pragma once

#include <string>

#include "models/scenario.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

/// What a worker process needs besides the scenario.
struct WorkerOptions {
  std::string work_dir; // where the worker leaves its part files
  bool trace = false;
  int progress_fd = -1; // where to report simulated time, or -1
  bool hour_histograms = true; // see PoolOptions
  bool timeseries = true;      // see PoolOptions
};

std::string timeseries_part_path(const std::string& work_dir, int replication);
std::string vehicles_part_path(const std::string& work_dir, int replication);
std::string result_part_path(const std::string& work_dir, int replication);

/// SimGrid's clock starts at zero once per process: call this once in a fresh worker process.
ReplicationResult simulate_replication(const Scenario& scenario, int replication, const WorkerOptions& options);

} // namespace bordersim
