#include "sim/app/scenario_run.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "models/config/provenance.hpp"
#include "models/formats/output_files.hpp"
#include "models/config/scenario_schema.hpp"
#include "models/formats/timestamp.hpp"
#include "models/formats/units.hpp"
#include "sim/results/key_metrics.hpp"
#include "sim/results/precision.hpp"
#include "sim/engine/replication.hpp"
#include "sim/engine/clock.hpp"
#include "sim/output/run_info.hpp"
#include "viz/report.hpp"
#include "viz/workbook.hpp"

namespace bordersim {

void log_run_start(const Scenario& scenario, const RunOptions& options)
{
  const auto& sim = scenario.simulation;
  spdlog::log(options.announce ? spdlog::level::info : spdlog::level::debug,
              "running '{}': {} replications of {:.6g} h (warm-up {:.6g} h), seed {}, {} at once", scenario.name, sim.replications,
              sim.horizon_s / 3600, sim.warmup_s / 3600, sim.seed, std::min(options.pool.jobs, sim.replications));
}

namespace {

/// A direction whose inputs do not change with time (flat demand, every lane open around the clock, no roster, no
/// events) has a steady state for MSER-5 to find; in any other, daily cycles and seasons are no start-up.
bool stationary(const Direction& d)
{
  for (const auto& f : d.demand)
    if (!f.flat) return false;
  for (const auto& st : d.stages) {
    if (!st.scheduled_changes.empty()) return false;
    for (const auto& g : st.lane_groups)
      if (!g.hours.always_open() || g.roster) return false;
  }
  return true;
}

/// Warns of a stage whose start-up, by MSER-5, outlasts the warm-up: its statistics include part of it.
void warn_short_warmup(const Scenario& scenario, const std::vector<StageRow>& stages)
{
  for (const auto& row : stages) {
    if (!(row.warmup_mser5_h * kSecondsPerHour > scenario.simulation.warmup_s)) continue;
    for (const auto& c : scenario.crossings)
      for (const auto& d : c.directions)
        if (c.id == row.crossing && d.id == row.direction && stationary(d))
          spdlog::warn("scenario {}: {} {} {}: MSER-5 ends the queue's start-up at {:.3g} h, after the warm-up of {:.3g} h: the "
                       "statistics include part of it; set simulation.warmup to at least that (stages.csv, column warmup_mser5_h)",
                       scenario.name, row.crossing, row.direction, row.stage, row.warmup_mser5_h,
                       scenario.simulation.warmup_s / kSecondsPerHour);
  }
}

} // namespace

std::vector<ReplicationTask> tasks_of(const std::vector<ScenarioTasks>& scenarios, int first, int end)
{
  std::vector<ReplicationTask> tasks;
  for (const auto& s : scenarios)
    for (int r = first; r < end; ++r)
      tasks.push_back({s.scenario, r, s.parts_dir, (s.label.empty() ? "" : s.label + " ") + "replication " + std::to_string(r)});
  return tasks;
}

PrecisionVerdict extend_to_precision(const PrecisionTarget& target, int& replications, const std::vector<ConfigNode*>& effective_configs,
                                     const char* per, const std::function<std::vector<MetricSeries>()>& metrics,
                                     const std::function<void(int, int)>& extend)
{
  PrecisionVerdict v;
  for (;;) {
    v = judge_precision(metrics(), target.metrics, target.relative, target.max_replications);
    const int n = replications;
    spdlog::info("precision after {} replications{}: the widest 95% half-width is {:.2f}% of its mean ({}; {} metrics judged)", n, per,
                 100 * v.worst_relative, v.worst_metric.empty() ? "none" : v.worst_metric, v.metrics_judged);
    if (v.met) break;
    if (n >= target.max_replications) {
      spdlog::warn("the target precision of {:.3g}% is not reached within --max-replications {}: {} needs about {}", 100 * target.relative,
                   target.max_replications, v.worst_metric, v.replications_needed);
      break;
    }
    // Add what the estimate says is needed, at least one.
    const int next = std::clamp(v.replications_needed, n + 1, target.max_replications);
    extend(n, next);
    replications = next;
  }
  Diagnostics unused;
  for (ConfigNode* config : effective_configs)
    apply_override(*config, "simulation.replications=" + std::to_string(replications), 0, identity_key_for, unused);
  return v;
}

std::pair<std::vector<std::vector<ReplicationResult>>, std::optional<PrecisionVerdict>>
run_together(const std::vector<ScenarioTasks>& scenarios, const std::vector<ConfigNode*>& effective_configs, const RunOptions& options)
{
  int replications = scenarios.empty() ? 0 : scenarios.front().scenario->simulation.replications;
  const auto n_scenarios = scenarios.size();
  std::vector<std::vector<ReplicationResult>> results(n_scenarios);
  for (const auto& s : scenarios) std::filesystem::create_directories(s.parts_dir);
  // Task order is scenario-major: the k-th of `count` results per scenario belongs to scenario k / count.
  const auto run = [&](int first, int end) {
    auto done = run_tasks(tasks_of(scenarios, first, end), options.pool);
    const auto per_scenario = static_cast<std::size_t>(end - first);
    for (std::size_t t = 0; t < done.size(); ++t) results[t / per_scenario].push_back(std::move(done[t]));
  };
  run(0, replications);
  std::optional<PrecisionVerdict> verdict;
  if (options.precision)
    verdict = extend_to_precision(
        *options.precision, replications, effective_configs, n_scenarios > 1 ? " per scenario" : "",
        [&] {
          std::vector<MetricSeries> all;
          for (std::size_t i = 0; i < n_scenarios; ++i)
            for (auto& m : key_metrics(RunLayout(*scenarios[i].scenario), results[i])) {
              if (!scenarios[i].label.empty()) m.key.crossing = scenarios[i].label + ": " + m.key.crossing; // names it in the message
              all.push_back(std::move(m));
            }
          return all;
        },
        [&](int n, int next) {
          for (const auto& s : scenarios) s.scenario->simulation.replications = next;
          run(n, next);
        });
  return {std::move(results), verdict};
}

RunInfo run_info_for(const OutputFolder& folder, const std::string& subdir, const RunOptions& options)
{
  RunInfo info;
  info.scenario_file = options.scenario_file;
  info.command_line = options.command_line;
  info.simgrid_version = Clock::simgrid_version();
  info.jobs = options.pool.jobs;
  info.started_utc = options.started_utc.empty() ? utc_timestamp_now() : options.started_utc;
  for (const auto& name : folder.written())
    if (name.compare(0, subdir.size(), subdir) == 0 && std::filesystem::exists(folder.staged(name)))
      info.files.push_back(name.substr(subdir.size()));
  if (options.report) info.files.push_back(output_file::report);
  if (options.xlsx) info.files.push_back(output_file::workbook);
  info.files.push_back(output_file::run_info);
  // Written before the report, which shows it; the wall time is the simulation's and its files'.
  info.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - options.started).count();
  return info;
}

ScenarioRun write_run(const Scenario& scenario, const ConfigNode& effective_config, std::vector<ReplicationResult> results,
                      const std::string& parts_dir, OutputFolder::Parts parts_after, OutputFolder& folder, const std::string& subdir,
                      const RunOptions& options)
{
  const auto& sim = scenario.simulation;
  ScenarioRun run;
  run.results = std::move(results);
  run.tables = aggregate(RunLayout(scenario), run.results);
  // Said where the planner looks first: an unstable flow's waits are not a property of the border, but of how long it ran.
  for (const SummaryRow& row : run.tables.summary)
    if (row.stable == "no")
      spdlog::warn("scenario {}: {} {} {}: unstable: {:.0f} arrive a day, {:.0f} are served; the queues grow by about {:.0f} "
                   "(± {:.0f}) a day{}, so waits depend on the horizon (summary.csv, column stable)",
                   row.scenario, row.crossing, row.direction, row.vehicle_class, row.arrived_per_day, row.served_per_day,
                   *row.queue_growth_per_day, row.queue_growth_per_day_ci95.value_or(0.0),
                   row.bottleneck_stage.empty() ? std::string() : " (bottleneck " + row.bottleneck_stage + ")");
  warn_short_warmup(scenario, run.tables.stages);
  folder.write_csv(subdir + output_file::summary, run.tables.summary);
  folder.write_csv(subdir + output_file::stages, run.tables.stages);
  folder.write_csv(subdir + output_file::network, run.tables.network);
  folder.write_csv(subdir + output_file::replications, run.tables.replications);
  folder.write_csv(subdir + output_file::wait_by_hour, run.tables.wait_by_hour);
  std::vector<std::string> timeseries_parts, vehicle_parts;
  for (int r = 0; r < sim.replications; ++r) {
    timeseries_parts.push_back(timeseries_part_path(parts_dir, r));
    vehicle_parts.push_back(vehicles_part_path(parts_dir, r));
  }
  folder.concatenate_csv<TimeseriesRow>(subdir + output_file::timeseries, timeseries_parts, parts_after);
  if (options.pool.trace) folder.concatenate_csv<VehicleRow>(subdir + output_file::vehicles, vehicle_parts, parts_after);

  std::vector<ProvenanceRow> provenance;
  for (auto& p : provenance_records(scenario, effective_config))
    provenance.push_back({p.crossing, p.key_path, p.value, p.status, p.source, p.calibrated_to});
  if (!provenance.empty()) folder.write_csv(subdir + output_file::provenance, provenance);
  folder.write_text(subdir + output_file::effective_config, "# Effective configuration of scenario '" + scenario.name +
                                                          "': the merged files, --set overrides and defaults.\n" +
                                                          emit_yaml(effective_config));
  RunInfo info = run_info_for(folder, subdir, options);
  folder.write_text(subdir + output_file::run_info, run_info_json(scenario, info));
  if (options.report) {
    viz::write_report(folder.staged(subdir), folder.staged(subdir + output_file::report));
    folder.mark_written(subdir + output_file::report);
  }
  if (options.xlsx) {
    // The workbook is an extra view of the files above: its failure costs none of them.
    try {
      viz::write_workbook(folder.staged(subdir), folder.staged(subdir + output_file::workbook));
      folder.mark_written(subdir + output_file::workbook);
    } catch (const std::exception& e) {
      run.workbook_problem = e.what();
      std::erase(info.files, std::string(output_file::workbook)); // run_info.json lists only what is there
      folder.write_text(subdir + output_file::run_info, run_info_json(scenario, info));
    }
  }
  return run;
}

} // namespace bordersim
