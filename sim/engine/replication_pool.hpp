// Runs replications each in its own worker process (SimGrid's clock cannot be reset), at most `jobs`
// at once. Results come back in replication order, so the output does not depend on `jobs`.
// The pool also owns what a signal does: workers never outlive the run, whether it ends, fails, is
// interrupted (SIGINT, SIGTERM, SIGHUP) or its parent is killed.
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
  bool hour_histograms = true; // each flow's wait histogram per hour of arrival (wait_by_hour.csv); a sweep reports none
  bool timeseries = true;      // each worker writes its time-series part file; a sweep reports none
  bool progress = false; // a progress line on stderr
  std::string scenarios_word = "scenarios"; // how the progress line counts the scenarios run ("points" in a sweep)
  // A worker whose simulated clock has not moved for this long is killed and the run fails: it is stopped
  // or stuck. Workers report several times a second while their clock moves.
  double worker_timeout_s = 600;
};

/// One replication of one scenario, run in a worker that leaves its part files in `work_dir`.
struct ReplicationTask {
  const Scenario* scenario = nullptr; // must outlive the run
  int replication = 0;
  std::string work_dir;
  std::string label; // how a failure names it: "replication 3", "point 7 replication 3"
};

/// Runs every task, at most `jobs` at once, whatever scenario each belongs to (a sweep keeps every core busy
/// across its points); the results come back in task order. Throws std::runtime_error when a worker fails,
/// Interrupted when a signal asked to stop; either way every worker has been killed and reaped first.
std::vector<ReplicationResult> run_tasks(const std::vector<ReplicationTask>& tasks, const PoolOptions& options);

/// Runs every replication of `scenario`; the workers leave their part files in `work_dir`.
std::vector<ReplicationResult> run_replications(const Scenario& scenario, const PoolOptions& options, const std::string& work_dir);

int default_jobs(); // one per core

/// Thrown once SIGINT, SIGTERM or SIGHUP asked this process to stop. Deliberately not a std::exception:
/// no `catch (const std::exception&)` on the way mistakes it for a failure, and it unwinds to main, whose
/// destructors on the way (the output folder's) remove what the run had staged.
struct Interrupted {
  int signal;
};

/// Replaces SimGrid's SIGINT handler (which exits mid-run from inside the handler) and the default
/// SIGTERM and SIGHUP actions with a handler that only records the signal. main calls it at start, run_tasks
/// again once it has loaded SimGrid.
void install_interrupt_handlers();
/// The signal that asked this process to stop, or 0.
int interrupt_signal();
/// Throws Interrupted when a signal asked this process to stop.
void throw_if_interrupted();

} // namespace bordersim
