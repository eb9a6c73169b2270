// A work folder: the parts that the tasks of a run, comparison or sweep leave in a folder that several processes
// (shards, on one machine or many) can reach, with the manifest that says which command they belong to, so that a
// rerun resumes and `bordersim merge` builds the results from them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sim/engine/replication_pool.hpp"

namespace bordersim {

/// What decides a command's tasks: the manifest keeps it, so that every shard and the merge build the same.
struct WorkArgs {
  std::string command; // run, compare, sweep or calibrate
  std::vector<std::string> configs; // absolute paths
  std::vector<std::string> overrides; // --set, --replications and --seed, as applied to every scenario
  std::vector<std::string> variants;  // compare: N:key.path=value
  std::vector<std::string> varied;    // sweep: --vary
  std::string design;                 // sweep
  int levels = 0;                     // sweep
  bool trace = false;                 // run, compare: the workers leave vehicles parts
  std::string targets_file, params_file; // calibrate: absolute paths
  int points = 0;                        // calibrate: the screen's Latin hypercube (0: 10 per parameter, at least 10)
  int starts = 2;                        // calibrate: the refinement's starts
  int refine_evaluations = 40;           // calibrate: evaluations per start (0: no refinement)
  double cutoff = 3;                     // calibrate: the implausibility that rules a point out

  /// The overrides of the `index`-th scenario (0-based): `overrides`, then its variants.
  std::vector<std::string> overrides_of(std::size_t index) const;
};

std::string manifest_text(const WorkArgs& args);
/// The arguments that `dir`'s manifest keeps, or why it cannot be read.
std::variant<WorkArgs, std::string> read_manifest(const std::string& dir);

/// Shard K of N (1-based): from `shard` ("K/N") when given, or else from the launcher's environment (MPI, Slurm);
/// or why not.
std::variant<std::pair<int, int>, std::string> shard_of(const std::string& shard);

/// The task's result part when it reads whole (the task is done); nothing otherwise.
std::optional<ReplicationResult> done_result(const ReplicationTask& task);

/// Makes `dir` the work folder of `manifest`: the first shard writes it there (aside, then renamed: shards may start
/// together), the others check that it is the one there. Says why not (another command's parts, or another
/// bordersim's) and returns it; throws when the folder cannot be written.
std::optional<std::string> claim_work_folder(const std::string& dir, const std::string& manifest);

/// Shard K/N's share of `tasks` (every N-th from the K-th): the tasks not done yet (a rerun resumes), with their
/// parts' folders made, and the results of those done already, read once.
struct ShardShare {
  std::vector<ReplicationTask> pending;
  std::vector<std::optional<ReplicationResult>> done; // per task of `tasks`: its result when it is in the share and done
  std::size_t done_count = 0;
};
ShardShare pending_share(const std::vector<ReplicationTask>& tasks, std::pair<int, int> shard);

/// The results of every task, in task order, when every one is done; otherwise says which are not (the first five
/// and how many) and returns nothing.
std::optional<std::vector<ReplicationResult>> collect_results(const std::vector<ReplicationTask>& tasks, const std::string& dir);

} // namespace bordersim
