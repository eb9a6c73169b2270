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
  bool trace = false;    // each worker writes its vehicles part file
  bool progress = false; // a progress line on stderr
};

/// Runs every replication of `scenario`; the workers leave their part files in `work_dir`.
/// Throws std::runtime_error when a worker fails.
std::vector<ReplicationResult> run_replications(const Scenario& scenario, const PoolOptions& options, const std::string& work_dir);

int default_jobs(); // one per core

} // namespace bordersim
