// Runs replications each in its own worker process (SimGrid's clock cannot be reset), at most `jobs`
// at once. Results come back in replication order, so the output does not depend on `jobs`.
#pragma once

#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/engine/progress.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

struct PoolOptions {
  int jobs = 1;
  bool trace = false;
  std::string work_dir;
};

/// Throws std::runtime_error when a worker fails.
std::vector<ReplicationResult> run_replications(const Scenario& scenario, const PoolOptions& options, ProgressLine& progress);

} // namespace bordersim
