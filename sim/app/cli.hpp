// The command line (CLI11): commands, options, and the layering of run options onto the scenario.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bordersim {

enum class Command { None, Run, Validate, Schema, Report, Compare, Baseline, Check, Capacity, Sweep, Merge, Calibrate };

struct CommandLine {
  Command command = Command::None;
  std::vector<std::string> configs; // run, validate, baseline, check, capacity: one; compare: two or more
  std::string out;                  // run, compare: folder (default results/<name>); baseline: file
  std::optional<int> replications;
  std::optional<long long> seed;
  int jobs = 0; // 0: one per core
  std::optional<double> worker_timeout_s; // hidden --worker-timeout (for tests): the pool's default otherwise
  std::vector<std::string> overrides;
  std::vector<std::string> variants; // compare: N:key.path=value, for the N-th scenario only
  bool trace = false;
  bool force = false;
  bool quiet = false;
  bool verbose = false;
  bool no_report = false;
  bool xlsx = false;
  bool provenance = false;     // validate: list the assumptions
  bool keys = false;           // validate: list every settable key path with its value
  std::string results_dir;     // report: the folder to read
  std::string report_file;     // report: -o FILE (default RESULTS_DIR/report.html)
  std::string baseline_file;   // check
  std::string fail_on = "worse"; // check: worse or change
  std::string crossing, direction, vehicle_class, target_p95_wait; // capacity
  std::string grow_class, judge_class;                             // capacity: --grow, --judge
  double max_scale = 16;
  double precision = 0.02;
  std::vector<std::string> varied; // sweep: --vary KEY=V1,V2,... or KEY=LO..HI
  std::string design = "grid";     // sweep: grid, oat, lhs:N, morris:R
  int levels = 0;                  // sweep: levels of a range (0: 3, and 4 for morris)
  std::string shard;               // run, compare, sweep: K/N, this shard's share of the tasks (with work_dir)
  bool shard_from_env = false;     // run, compare, sweep: K/N from the launcher's environment (MPI, Slurm)
  std::string work_dir;            // run, compare, sweep --work, merge: the folder of the tasks' parts
  std::optional<double> target_precision;   // run, compare, sweep: relative half-width to reach (0.05 for 5%)
  int max_replications = 100;               // the cap of --target-precision
  std::vector<std::string> precision_metrics; // the key metrics judged (default wait_mean_min)
  std::string targets_file, params_file; // calibrate
  int points = 0;                         // calibrate: the screen's size (0: 10 per parameter, at least 10)
  int starts = 2;                         // calibrate: the refinement's starts
  int refine_evaluations = 40;            // calibrate: evaluations per start
  double cutoff = 3;                      // calibrate: the implausibility that rules a point out
  std::vector<std::string> argv; // as typed, for run_info.json
  // When the command started, for run_info.json's start and wall time.
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::string started_utc;
  int exit_code = -1;            // >= 0: stop now with this code (help, version, usage error)

  const std::string& config() const { return configs.front(); }
  /// --replications and --seed are overrides like --set, applied after it.
  std::vector<std::string> all_overrides() const;
};

/// Splits SimGrid's own --cfg= and --log= arguments from ours. SimGrid gets argv[0] and those.
void split_simgrid_arguments(int argc, char** argv, std::vector<char*>& simgrid_args, std::vector<char*>& own_args);

CommandLine parse_command_line(int argc, char** argv);

} // namespace bordersim
