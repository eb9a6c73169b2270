// What the commands that run scenarios' replications as tasks (run, compare, sweep, calibrate) share: a plan of
// what runs and how its results are written, and execute(), which runs it on one machine, as a shard into a work
// folder, or resumably through one.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "sim/app/cli.hpp"
#include "sim/app/scenario_run.hpp"
#include "sim/app/work_folder.hpp"
#include "sim/output/output_folder.hpp"

namespace bordersim {

/// Prints every diagnostic; true when the scenario may run.
bool report_diagnostics(const LoadedScenario& loaded);

RunOptions options_from(const CommandLine& cl, const std::string& scenario_file);

/// Opens --out, or results/<default_name>, before any work; says why not (a usage error).
std::unique_ptr<OutputFolder> open_folder(const CommandLine& cl, const std::string& default_name);

/// Says that results.xlsx was left out and why, naming files where they are once committed; the exit code is 1.
void warn_workbook_left_out(const OutputFolder& folder, std::string problem);

/// The report and (with --xlsx) the workbook of the folder's top, from the files staged there; why the workbook was
/// left out, or "": an extra view whose failure costs none of the results.
std::string write_views(OutputFolder& folder, const CommandLine& cl);

/// A command that runs scenarios' replications as tasks (run, compare, sweep): what it runs, and how its results
/// are written. execute() runs it on one machine, as a shard into a work folder, or resumably through one; merge
/// builds its results from a work folder.
class MultiRunPlan {
public:
  virtual ~MultiRunPlan() = default;
  virtual const char* command() const = 0;
  /// How the progress line counts the scenarios run.
  virtual const char* scenarios_word() const { return "scenarios"; }
  /// The results folder when --out is not given (results/<this>).
  virtual std::string default_folder() const = 0;
  /// Every scenario run, each with its parts' folder under `parts_root`.
  virtual std::vector<ScenarioTasks> scenarios(const std::string& parts_root) = 0;
  /// What a target precision updates: the effective configurations the results folder shows.
  virtual std::vector<ConfigNode*> effective_configs() = 0;
  /// Writes the results into the folder's staging, from each scenario's results and their parts under `parts_root`.
  virtual void write(std::vector<std::vector<ReplicationResult>> results, const std::string& parts_root, OutputFolder::Parts parts_after,
                     OutputFolder& folder, const CommandLine& cl) = 0;
  /// Once the results are in place: what the terminal is told; the exit code.
  virtual int finish(const OutputFolder& folder, const CommandLine& cl) = 0;
  /// Whether the results folder has key metrics only (a sweep's design.csv, sweep.csv, sensitivity.csv): the workers
  /// then keep no wait histogram per hour of arrival (24 of each flow's 26; every replication held until the end takes
  /// a fraction of the memory) and write no time series, which nothing would read.
  virtual bool key_metrics_only() const { return false; }
};

/// What decides the tasks of a command: a work folder's manifest keeps it.
WorkArgs work_args(const CommandLine& cl, const char* command);

/// Per scenario, its results, from all of them in task order (scenario-major, `replications` each).
std::vector<std::vector<ReplicationResult>> by_scenario(std::vector<ReplicationResult> results, std::size_t scenarios);

/// Writes the plan's results into `folder` and puts them in place; the exit code.
int write_and_commit(MultiRunPlan& plan, std::vector<std::vector<ReplicationResult>> results, const std::string& parts_root,
                     OutputFolder::Parts parts_after, OutputFolder& folder, const CommandLine& cl);

/// Runs a plan as the command line asks:
/// - alone: every task in the staging folder, then the results;
/// - with --shard K/N or --shard-from-env and --work DIR: only shard K's tasks, into DIR, for `bordersim merge`;
/// - with --work DIR alone: every task not done in DIR yet, into DIR, then the results: a rerun after an interruption
///   resumes where it stopped.
int execute(MultiRunPlan& plan, const WorkArgs& args, const CommandLine& cl);

} // namespace bordersim
