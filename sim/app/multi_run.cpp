#include "sim/app/multi_run.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "models/config/diagnostics.hpp"
#include "models/formats/output_files.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/engine/replication.hpp"
#include "viz/report.hpp"
#include "viz/workbook.hpp"

namespace bordersim {

/// Prints every diagnostic; true when the scenario may run.
bool report_diagnostics(const LoadedScenario& loaded)
{
  // A warning may be located in a shared base file (configs/kz-kg/base.yaml): in a comparison, say whose it is.
  for (const auto& d : loaded.diagnostics.all()) {
    std::string line = d.format();
    if (d.severity == Severity::Warning && loaded.scenario) line += " [scenario " + escape_for_terminal(loaded.scenario->name) + "]";
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return loaded.scenario.has_value();
}

RunOptions options_from(const CommandLine& cl, const std::string& scenario_file)
{
  RunOptions s;
  s.pool.jobs = cl.jobs > 0 ? cl.jobs : default_jobs();
  s.pool.trace = cl.trace;
  s.pool.progress = !cl.quiet && ::isatty(STDERR_FILENO);
  if (cl.worker_timeout_s) s.pool.worker_timeout_s = *cl.worker_timeout_s;
  s.report = !cl.no_report;
  s.xlsx = cl.xlsx;
  s.command_line = cl.argv;
  s.scenario_file = scenario_file;
  s.started = cl.started;
  s.started_utc = cl.started_utc;
  if (cl.target_precision) {
    s.precision = PrecisionTarget{*cl.target_precision, cl.max_replications, cl.precision_metrics};
    if (s.precision->metrics.empty()) s.precision->metrics = {"wait_mean_min"};
  }
  return s;
}

/// Opens --out, or results/<default_name>, before any work; says why not (a usage error).
std::unique_ptr<OutputFolder> open_folder(const CommandLine& cl, const std::string& default_name)
{
  try {
    if (!cl.out.empty()) return std::make_unique<OutputFolder>(cl.out, cl.force);
    OutputFolder::check_name(default_name);
    return std::make_unique<OutputFolder>("results/" + default_name, cl.force);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: %s\n", e.what());
    return nullptr;
  }
}

/// Says that results.xlsx was left out and why, naming files where they are once committed; the exit code is 1.
void warn_workbook_left_out(const OutputFolder& folder, std::string problem)
{
  const std::string& staging = folder.staging_dir();
  for (auto at = problem.find(staging); !staging.empty() && at != std::string::npos; at = problem.find(staging, at))
    problem.replace(at, staging.size(), folder.dir());
  std::fprintf(stderr, "bordersim: warning: results.xlsx was not written (%s); the other results are in %s/\n", problem.c_str(),
               folder.dir().c_str());
}


/// The report and (with --xlsx) the workbook of the folder's top, from the files staged there; why the workbook was
/// left out, or "": an extra view whose failure costs none of the results.
std::string write_views(OutputFolder& folder, const CommandLine& cl)
{
  if (!cl.no_report) {
    viz::write_report(folder.staging_dir(), folder.staged(output_file::report));
    folder.mark_written(output_file::report);
  }
  if (!cl.xlsx) return "";
  try {
    viz::write_workbook(folder.staging_dir(), folder.staged(output_file::workbook));
    folder.mark_written(output_file::workbook);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

/// What decides the tasks of a command: a work folder's manifest keeps it.
WorkArgs work_args(const CommandLine& cl, const char* command)
{
  WorkArgs args;
  args.command = command;
  args.configs = cl.configs;
  args.overrides = cl.all_overrides();
  args.variants = cl.variants;
  args.varied = cl.varied;
  args.design = cl.design;
  args.levels = cl.levels;
  args.trace = cl.trace;
  if (args.command == "calibrate") {
    std::error_code ec; // the merge may start elsewhere: files by their absolute paths
    args.targets_file = std::filesystem::absolute(cl.targets_file, ec).lexically_normal().string();
    args.params_file = std::filesystem::absolute(cl.params_file, ec).lexically_normal().string();
    args.points = cl.points;
    args.starts = cl.starts;
    args.refine_evaluations = cl.refine_evaluations;
    args.cutoff = cl.cutoff;
  }
  return args;
}

/// Per scenario, its results, from all of them in task order (scenario-major, `replications` each).
std::vector<std::vector<ReplicationResult>> by_scenario(std::vector<ReplicationResult> results, std::size_t scenarios)
{
  std::vector<std::vector<ReplicationResult>> split(scenarios);
  const std::size_t each = scenarios == 0 ? 0 : results.size() / scenarios;
  for (std::size_t t = 0; t < results.size(); ++t) split[t / each].push_back(std::move(results[t]));
  return split;
}

/// Writes the plan's results into `folder` and puts them in place; the exit code.
int write_and_commit(MultiRunPlan& plan, std::vector<std::vector<ReplicationResult>> results, const std::string& parts_root,
                     OutputFolder::Parts parts_after, OutputFolder& folder, const CommandLine& cl)
{
  try {
    plan.write(std::move(results), parts_root, parts_after, folder, cl);
    throw_if_interrupted(); // the last moment at which an interrupt keeps the earlier results
    folder.commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: %s failed: %s\n", plan.command(), e.what());
    return kExitFailure;
  }
  return plan.finish(folder, cl);
}

/// Runs a plan as the command line asks:
/// - alone: every task in the staging folder, then the results;
/// - with --shard K/N or --shard-from-env and --work DIR: only shard K's tasks, into DIR, for `bordersim merge`;
/// - with --work DIR alone: every task not done in DIR yet, into DIR, then the results: a rerun after an interruption
///   resumes where it stopped.
int execute(MultiRunPlan& plan, const WorkArgs& args, const CommandLine& cl)
{
  RunOptions options = options_from(cl, cl.config());
  options.pool.scenarios_word = plan.scenarios_word();
  options.pool.hour_histograms = !plan.key_metrics_only();
  options.pool.timeseries = !plan.key_metrics_only();
  const bool sharded = !cl.shard.empty() || cl.shard_from_env;
  if (cl.work_dir.empty()) {
    auto folder = open_folder(cl, plan.default_folder());
    if (!folder) return kExitUsage;
    std::vector<std::vector<ReplicationResult>> results;
    const std::string parts_root = std::filesystem::path(folder->staged(".work/x")).parent_path().string();
    try {
      results = run_together(plan.scenarios(parts_root), plan.effective_configs(), options).first;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bordersim: %s failed: %s\n", plan.command(), e.what());
      return kExitFailure;
    }
    const int code = write_and_commit(plan, std::move(results), parts_root, OutputFolder::Parts::remove, *folder, cl);
    std::error_code ec;
    std::filesystem::remove_all(parts_root, ec); // committed or not, the parts are not results
    return code;
  }
  if (options.precision) {
    // How many replications are enough is known only from every task's results: one machine's decision.
    std::fprintf(stderr, "bordersim: --target-precision works without --work; give a work folder's tasks --replications\n");
    return kExitUsage;
  }
  std::pair<int, int> shard{1, 1};
  if (sharded) {
    const auto shard_or = shard_of(cl.shard);
    if (const auto* problem = std::get_if<std::string>(&shard_or)) {
      std::fprintf(stderr, "bordersim: %s\n", problem->c_str());
      return kExitUsage;
    }
    shard = std::get<std::pair<int, int>>(shard_or);
  }
  std::unique_ptr<OutputFolder> folder;
  if (!sharded && !(folder = open_folder(cl, plan.default_folder()))) return kExitUsage;
  WorkArgs recorded = args;
  for (auto& c : recorded.configs) c = std::filesystem::absolute(c).string(); // the merge may start elsewhere
  const std::string& dir = cl.work_dir;
  const auto scenarios = plan.scenarios(dir);
  const auto tasks = tasks_of(scenarios, 0, scenarios.front().scenario->simulation.replications);
  ShardShare share;
  std::vector<ReplicationResult> ran; // the results of share.pending, in its order
  try {
    if (const auto problem = claim_work_folder(dir, manifest_text(recorded))) {
      std::fprintf(stderr, "bordersim: %s\n", problem->c_str());
      return kExitUsage;
    }
    share = pending_share(tasks, shard);
    const std::size_t todo = share.pending.size();
    if (sharded) spdlog::info("shard {}/{}: {} of its tasks to run, {} done already", shard.first, shard.second, todo, share.done_count);
    else spdlog::info("{} of {} tasks to run, {} done already in {}", todo, tasks.size(), share.done_count, dir);
    ran = run_tasks(share.pending, options.pool);
  } catch (const std::exception& e) {
    if (sharded) std::fprintf(stderr, "bordersim: shard %d/%d failed: %s (a rerun resumes where it stopped)\n", shard.first, shard.second, e.what());
    else std::fprintf(stderr, "bordersim: %s failed: %s (the same command again resumes where it stopped)\n", plan.command(), e.what());
    return kExitFailure;
  } catch (const Interrupted&) {
    std::fprintf(stderr, "bordersim: the finished tasks' parts stay in %s: the same command again resumes\n", dir.c_str());
    throw;
  }
  if (sharded) {
    spdlog::info("shard {}/{} done; when every shard is: bordersim merge {} --out DIR", shard.first, shard.second, dir);
    return 0;
  }
  // One machine's share is every task: the parts done before and the results just run, each part read once.
  std::vector<ReplicationResult> results;
  auto next_ran = ran.begin();
  for (auto& done : share.done) results.push_back(done ? std::move(*done) : std::move(*next_ran++));
  return write_and_commit(plan, by_scenario(std::move(results), scenarios.size()), dir, OutputFolder::Parts::keep, *folder, cl);
}

} // namespace bordersim
