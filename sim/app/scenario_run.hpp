// One scenario from validated configuration to its files: run the replications, aggregate, and write
// the run folder's files into an output folder (at its top, or in a subfolder for comparisons).
#pragma once

#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "sim/results/aggregate.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim {

struct RunSettings {
  int jobs = 1;
  bool trace = false;
  bool progress = false; // a progress line on stderr
  bool announce = true;  // log what runs (off inside searches)
  bool report = true;
  bool xlsx = false;
  std::vector<std::string> command_line;
  std::string scenario_file;
};

struct ScenarioRun {
  std::vector<ReplicationResult> results;
  RunTables tables;
};

/// Runs the replications only (for searches and checks that need no files).
std::vector<ReplicationResult> run_scenario(const Scenario& scenario, const RunSettings& settings, const std::string& work_dir);

/// Runs and writes summary, stages, replications, timeseries (and vehicles), provenance, effective
/// configuration, run info and the report into `folder`, under `subdir` ("" or "name/").
ScenarioRun run_scenario_into(const LoadedScenario& loaded, OutputFolder& folder, const std::string& subdir,
                              const RunSettings& settings);

int default_jobs();

} // namespace bordersim
