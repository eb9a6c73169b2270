// One scenario from validated configuration to its files: run the replications, aggregate, and write
// the run folder's files into an output folder (at its top, or in a subfolder for comparisons).
#pragma once

#include <chrono>
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
#include "sim/output/run_info.hpp"
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
  // When the command started: run_info.json's start and wall time.
  std::string started_utc; // empty: when run_info.json is written
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

struct ScenarioRun {
  std::vector<ReplicationResult> results;
  RunTables tables;
  std::string workbook_problem; // why results.xlsx was not written, when it was asked for; the rest stands
};

/// A scenario among those a command runs on one pool (a comparison's scenarios, a sweep's points, or a run alone):
/// where its workers leave their part files, and the words a failure or a message names it by.
struct ScenarioTasks {
  Scenario* scenario = nullptr; // a target precision adds replications to it
  std::string parts_dir;
  std::string label; // "point 3", "scenario 'b'", or "" for a run alone
};

/// Replications [first, end) of every scenario, scenario-major: the order in which results come back.
std::vector<ReplicationTask> tasks_of(const std::vector<ScenarioTasks>& scenarios, int first, int end);

/// Runs the replications of every scenario (which share their count: common random numbers) on one pool, so that
/// every core stays busy across scenarios. With a target precision, adds the same replications to all of them until
/// every scenario's judged metrics reach it; each scenario's count and `effective_configs` then say how many ran.
/// Returns the results per scenario, and the verdict when there was a target.
std::pair<std::vector<std::vector<ReplicationResult>>, std::optional<PrecisionVerdict>>
run_together(const std::vector<ScenarioTasks>& scenarios, const std::vector<ConfigNode*>& effective_configs, const RunOptions& options);

/// Law and Kelton's loop (sim/results/precision.hpp): judges the key metrics of the replications run so far and, while
/// `target` is not met and --max-replications allows, has `extend(n, next)` run replications n .. next-1 (the same
/// streams as a run of that many from the start, so common random numbers hold). `replications` ends at the count run,
/// and every `effective_configs` then says it, so that it runs again as it is. `per` ends the log's "after N replications".
PrecisionVerdict extend_to_precision(const PrecisionTarget& target, int& replications, const std::vector<ConfigNode*>& effective_configs,
                                     const char* per, const std::function<std::vector<MetricSeries>()>& metrics,
                                     const std::function<void(int, int)>& extend);

/// The log line that says what is about to run.
void log_run_start(const Scenario& scenario, const RunOptions& options);

/// What run_info.json says of the files written so far under `subdir` (and the report and workbook that `options`
/// ask for), of the command and of its wall time until now.
RunInfo run_info_for(const OutputFolder& folder, const std::string& subdir, const RunOptions& options);

/// Writes a scenario's run folder into `folder`, under `subdir` ("" or "name/"), from its replications' results and the
/// part files they left in `parts_dir` (removed as they are copied, or kept: `parts_after`): summary, stages, network, replications, wait by hour, timeseries (and
/// vehicles), provenance, effective configuration, run info and the report. A workbook that fails is left out
/// (ScenarioRun::workbook_problem says why) rather than failing the run.
ScenarioRun write_run(const Scenario& scenario, const ConfigNode& effective_config, std::vector<ReplicationResult> results,
                      const std::string& parts_dir, OutputFolder::Parts parts_after, OutputFolder& folder, const std::string& subdir,
                      const RunOptions& options);

} // namespace bordersim
