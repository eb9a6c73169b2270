// One scenario from validated configuration to its files: run the replications, aggregate, and write
// the run folder's files into an output folder (at its top, or in a subfolder for comparisons).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "sim/results/aggregate.hpp"
#include "sim/results/key_metrics.hpp"
#include "sim/results/precision.hpp"
#include "sim/engine/replication_pool.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

/// --target-precision: replications are added until the chosen key metrics' 95% half-widths are at most `relative`
/// of their means (sim/results/precision.hpp), up to `max_replications`.
struct PrecisionTarget {
  double relative = 0.05;
  int max_replications = 100;
  std::vector<std::string> metrics{"wait_mean_min"};
};

/// How a command runs a scenario: the worker pool, and what the run folder gets besides the CSV files.
struct RunOptions {
  PoolOptions pool;
  bool announce = true; // log what runs at info level (debug inside searches)
  bool report = true;
  bool xlsx = false;
  std::vector<std::string> command_line; // as typed, for run_info.json
  std::string scenario_file;
  std::optional<PrecisionTarget> precision;
};

struct ScenarioRun {
  std::vector<ReplicationResult> results;
  RunTables tables;
  std::string workbook_problem; // why results.xlsx was not written, when it was asked for; the rest stands
  std::optional<PrecisionVerdict> precision; // with a target precision: where it ended
};

/// Law and Kelton's loop (sim/results/precision.hpp): judges the key metrics of the replications run so far and, while
/// `target` is not met and --max-replications allows, has `extend(n, next)` run replications n .. next-1 (the same
/// streams as a run of that many from the start, so common random numbers hold). `replications` ends at the count run,
/// and `effective_config` then says it, so that it runs again as it is. `per` ends the log's "after N replications".
PrecisionVerdict extend_to_precision(const PrecisionTarget& target, int& replications, ConfigNode& effective_config, const char* per,
                                     const std::function<std::vector<MetricSeries>()>& metrics, const std::function<void(int, int)>& extend);

/// The log line that says what is about to run.
void log_run_start(const Scenario& scenario, const RunOptions& options);

/// Runs the replications and writes summary, stages, replications, timeseries (and vehicles), provenance,
/// effective configuration, run info and the report into `folder`, under `subdir` ("" or "name/"). A workbook
/// that fails is left out (ScenarioRun::workbook_problem says why) rather than failing the run.
ScenarioRun run_and_write(const LoadedScenario& loaded, OutputFolder& folder, const std::string& subdir, const RunOptions& options);

} // namespace bordersim
