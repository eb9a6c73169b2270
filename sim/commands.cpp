#include "sim/commands.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "models/config_tree.hpp"
#include "models/scenario_loader.hpp"
#include "models/scenario_schema.hpp"
#include "sim/aggregate.hpp"
#include "sim/output_folder.hpp"
#include "sim/replication.hpp"
#include "sim/replication_pool.hpp"
#include "sim/run_info.hpp"
#include "viz/report.hpp"
#include "viz/workbook.hpp"

namespace bordersim {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

/// Prints every diagnostic; true when the scenario may run.
bool report(const LoadedScenario& loaded)
{
  for (const auto& d : loaded.diagnostics.all()) std::fprintf(stderr, "%s\n", d.format().c_str());
  return loaded.scenario.has_value();
}

int default_jobs()
{
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

} // namespace

int validate_command(const CommandLine& cl)
{
  const LoadedScenario loaded = load_scenario(cl.config, cl.all_overrides());
  if (!report(loaded)) return kExitUsage;
  const Scenario& s = *loaded.scenario;
  std::size_t stages = 0;
  for (const auto& c : s.crossings)
    for (const auto& d : c.directions) stages += d.stages.size();
  spdlog::info("{}: scenario '{}' is valid ({} crossings, {} stages, {} classes)", cl.config, s.name, s.crossings.size(), stages,
               s.classes.size());
  return 0;
}

int report_command(const CommandLine& cl)
{
  const std::string out = cl.report_file.empty() ? cl.results_dir + "/report.html" : cl.report_file;
  try {
    viz::write_report(cl.results_dir, out);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: report: %s\n", e.what());
    return kExitUsage;
  }
  spdlog::info("report in {}", out);
  return 0;
}

int schema_command()
{
  std::fputs(schema_markdown().c_str(), stdout);
  return 0;
}

int run_command(const CommandLine& cl)
{
  const auto started = std::chrono::steady_clock::now();
  const std::string started_utc = utc_timestamp_now();

  // Load and validate everything before time zero.
  const LoadedScenario loaded = load_scenario(cl.config, cl.all_overrides());
  if (!report(loaded)) return kExitUsage;
  const Scenario& scenario = *loaded.scenario;

  // The folder is refused before any work if it already holds results.
  const std::string out_dir = cl.out_dir.empty() ? "results/" + scenario.name : cl.out_dir;
  std::unique_ptr<OutputFolder> folder;
  try {
    folder = std::make_unique<OutputFolder>(out_dir, cl.force);
  } catch (const OutputRefused& e) {
    std::fprintf(stderr, "bordersim: %s\n", e.what());
    return kExitUsage;
  }

  try {
    const int jobs = cl.jobs > 0 ? cl.jobs : default_jobs();
    const auto& sim = scenario.simulation;
    spdlog::info("running '{}': {} replications of {:.6g} h (warm-up {:.6g} h), seed {}, {} at once", scenario.name, sim.replications,
                 sim.horizon_s / 3600, sim.warmup_s / 3600, sim.seed, std::min(jobs, sim.replications));
    ProgressLine progress(sim.replications, sim.horizon_s, !cl.quiet && ::isatty(STDERR_FILENO));
    const auto results = run_replications(scenario, {jobs, cl.trace, folder->staging_dir()}, progress);

    const RunTables tables = aggregate(scenario, results);
    folder->write_csv("summary.csv", tables.summary);
    folder->write_csv("stages.csv", tables.stages);
    folder->write_csv("replications.csv", tables.replications);
    std::vector<std::string> timeseries_parts, vehicle_parts;
    for (int r = 0; r < sim.replications; ++r) {
      timeseries_parts.push_back(timeseries_part_path(folder->staging_dir(), r));
      vehicle_parts.push_back(vehicles_part_path(folder->staging_dir(), r));
    }
    folder->concatenate_csv<TimeseriesRow>("timeseries.csv", timeseries_parts);
    if (cl.trace) folder->concatenate_csv<VehicleRow>("vehicles.csv", vehicle_parts);
    folder->write_text("effective_config.yaml", "# Effective configuration of scenario '" + scenario.name +
                                                     "': the merged files, --set overrides and defaults.\n" +
                                                     emit_yaml(loaded.effective_config));
    RunInfo info;
    info.scenario_file = cl.config;
    info.command_line = cl.argv;
    info.jobs = jobs;
    info.started_utc = started_utc;
    if (!cl.no_report) {
      viz::write_report(folder->staging_dir(), folder->staged("report.html"));
      folder->mark_written("report.html");
    }
    if (cl.xlsx) {
      viz::write_workbook(folder->staging_dir(), folder->staged("results.xlsx"));
      folder->mark_written("results.xlsx");
    }
    info.files = folder->written();
    info.files.push_back("run_info.json");
    info.wall_time_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    folder->write_text("run_info.json", run_info_json(scenario, info));
    folder->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: run failed: %s\n", e.what());
    return kExitFailure;
  }
  spdlog::info("results in {}/ (summary.csv, stages.csv, timeseries.csv, replications.csv)", out_dir);
  return 0;
}

} // namespace bordersim
