#include "sim/app/work_folder.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "models/config/diagnostics.hpp"
#include "models/formats/input_file.hpp"
#include "models/formats/units.hpp"
#include "sim/engine/replication.hpp"
#include "sim/output/output_folder.hpp"
#include "version.hpp"

namespace bordersim {
namespace {

constexpr const char* kManifest = "work.txt";
constexpr const char* kManifestHeader = "bordersim work folder, format 1";

// The parts of another bordersim may hold other figures (a changed model): they are not mixed.
std::string made_by() { return std::string(BORDERSIM_VERSION) + " " + BORDERSIM_GIT_COMMIT; }

} // namespace

std::vector<std::string> WorkArgs::overrides_of(std::size_t index) const
{
  std::vector<std::string> all = overrides;
  for (const auto& variant : variants) {
    const auto colon = variant.find(':');
    if (std::stoul(variant.substr(0, colon)) == index + 1) all.push_back(variant.substr(colon + 1));
  }
  return all;
}

std::string manifest_text(const WorkArgs& args)
{
  std::string text = std::string(kManifestHeader) + "\nbordersim=" + made_by() + "\ncommand=" + args.command + "\n";
  for (const auto& c : args.configs) text += "config=" + c + "\n";
  for (const auto& o : args.overrides) text += "set=" + o + "\n";
  for (const auto& v : args.variants) text += "variant=" + v + "\n";
  for (const auto& v : args.varied) text += "vary=" + v + "\n";
  if (args.command == "sweep") text += "design=" + args.design + "\nlevels=" + std::to_string(args.levels) + "\n";
  if (args.trace) text += "trace=yes\n";
  if (args.command == "calibrate")
    text += "targets=" + args.targets_file + "\nparams=" + args.params_file + "\npoints=" + std::to_string(args.points) +
            "\nstarts=" + std::to_string(args.starts) + "\nrefine=" + std::to_string(args.refine_evaluations) + "\ncutoff=" +
            format_number(args.cutoff, 10) + "\n";
  return text;
}

std::variant<WorkArgs, std::string> read_manifest(const std::string& dir)
{
  const std::string path = dir + "/" + kManifest;
  std::string text;
  try {
    text = read_input_file(path, 1 << 20);
  } catch (const std::exception& e) {
    return std::string(e.what()) + " (is " + dir + " a --work folder?)";
  }
  WorkArgs args;
  std::size_t at = 0;
  int line_number = 0;
  while (at < text.size()) {
    const auto end = text.find('\n', at);
    const std::string line = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    at = end == std::string::npos ? text.size() : end + 1;
    const std::string where = path + ":" + std::to_string(++line_number) + ":1: ";
    if (line_number == 1) {
      if (line != kManifestHeader) return where + "not a bordersim work folder's manifest";
      continue;
    }
    const auto eq = line.find('=');
    const std::string key = line.substr(0, eq), value = eq == std::string::npos ? "" : line.substr(eq + 1);
    if (key == "bordersim") {
      if (value != made_by())
        return where + "the parts were made by bordersim " + escape_for_terminal(value) + ", not this one (" + made_by() +
               "): run the shards again with one bordersim, into a new --work folder";
    } else if (key == "command") {
      if (value != "run" && value != "compare" && value != "sweep" && value != "calibrate") return where + "unknown command '" + escape_for_terminal(value) + "'";
      args.command = value;
    } else if (key == "config") args.configs.push_back(value);
    else if (key == "set") args.overrides.push_back(value);
    else if (key == "variant") args.variants.push_back(value);
    else if (key == "vary") args.varied.push_back(value);
    else if (key == "design") args.design = value;
    else if (key == "levels") args.levels = std::atoi(value.c_str());
    else if (key == "trace") args.trace = value == "yes";
    else if (key == "targets") args.targets_file = value;
    else if (key == "params") args.params_file = value;
    else if (key == "points") args.points = std::atoi(value.c_str());
    else if (key == "starts") args.starts = std::atoi(value.c_str());
    else if (key == "refine") args.refine_evaluations = std::atoi(value.c_str());
    else if (key == "cutoff") args.cutoff = std::atof(value.c_str());
    else return where + "unknown line '" + escape_for_terminal(line) + "'";
  }
  if (line_number == 0 || args.command.empty() || args.configs.empty()) return path + ": not a whole bordersim work folder's manifest";
  return args;
}

std::variant<std::pair<int, int>, std::string> shard_of(const std::string& shard)
{
  if (!shard.empty()) {
    int k = 0, n = 0;
    char extra = 0;
    if (std::sscanf(shard.c_str(), "%d/%d%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n || n > 100000)
      return "--shard " + escape_for_terminal(shard) + ": expected K/N with 1 <= K <= N, e.g. 2/8";
    return std::pair{k, n};
  }
  // Rank and size, 0-based, as the launchers export them. A variable set to what is not a count is said, not passed
  // over: the next launcher's variables would make this process another shard.
  std::string bad;
  const auto env_int = [&bad](const char* name) -> std::optional<int> {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    char* end = nullptr;
    errno = 0;
    const long x = std::strtol(v, &end, 10);
    if (*end || errno != 0 || x < 0 || x > 1000000) {
      if (bad.empty()) bad = std::string("--shard-from-env: ") + name + "=" + escape_for_terminal(v) + " is not a whole number from 0 to 1000000";
      return std::nullopt;
    }
    return static_cast<int>(x);
  };
  const std::pair<const char*, const char*> launchers[] = {{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"},
                                                           {"PMI_RANK", "PMI_SIZE"},
                                                           {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT"},
                                                           {"SLURM_PROCID", "SLURM_NTASKS"}};
  for (const auto& [rank_name, size_name] : launchers) {
    auto rank = env_int(rank_name);
    const auto size = env_int(size_name);
    if (!bad.empty()) return bad;
    if (!rank || !size) continue;
    std::string rank_words = rank_name;
    if (std::string(rank_name) == "SLURM_ARRAY_TASK_ID") {
      // An array's tasks are numbered from its MIN by its STEP (--array=1-15:2): the rank is the task's place.
      const auto min = env_int("SLURM_ARRAY_TASK_MIN");
      const auto step = env_int("SLURM_ARRAY_TASK_STEP");
      if (!bad.empty()) return bad;
      const int first = min.value_or(0), stride = std::max(1, step.value_or(1));
      if (*rank < first || (*rank - first) % stride != 0)
        return "--shard-from-env: SLURM_ARRAY_TASK_ID " + std::to_string(*rank) + " is not SLURM_ARRAY_TASK_MIN " + std::to_string(first) +
               " plus a multiple of SLURM_ARRAY_TASK_STEP " + std::to_string(stride) + ": give the array consecutive indices, or --shard K/N";
      *rank = (*rank - first) / stride;
      rank_words = "SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN, by SLURM_ARRAY_TASK_STEP)";
    }
    if (*size < 1 || *rank >= *size)
      return "--shard-from-env: " + rank_words + " and " + size_name + " do not give a rank below the size";
    return std::pair{*rank + 1, *size};
  }
  return std::string("--shard-from-env: no launcher's rank and size in the environment (OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/SIZE, "
                     "SLURM_ARRAY_TASK_ID/COUNT, SLURM_PROCID/NTASKS)");
}

std::optional<ReplicationResult> done_result(const ReplicationTask& task)
{
  const std::string path = result_part_path(task.work_dir, task.replication);
  if (!std::filesystem::exists(path)) return std::nullopt;
  try {
    return ReplicationResult::read(path);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> claim_work_folder(const std::string& dir, const std::string& manifest)
{
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + kManifest;
  if (!std::filesystem::exists(path)) {
    const std::string aside = path + "." + std::to_string(::getpid());
    write_whole_file(aside, manifest);
    std::filesystem::rename(aside, path);
  }
  if (read_input_file(path, 1 << 20) == manifest) return std::nullopt;
  const auto recorded = read_manifest(dir);
  if (const auto* problem = std::get_if<std::string>(&recorded)) return *problem;
  return dir + " holds the parts of another " + std::get<WorkArgs>(recorded).command + " (its " + kManifest +
         " differs); give each its own --work";
}

ShardShare pending_share(const std::vector<ReplicationTask>& tasks, std::pair<int, int> shard)
{
  const auto [k, n] = shard;
  ShardShare share;
  share.done.resize(tasks.size());
  for (std::size_t t = static_cast<std::size_t>(k - 1); t < tasks.size(); t += static_cast<std::size_t>(n)) {
    if ((share.done[t] = done_result(tasks[t]))) {
      ++share.done_count;
      continue;
    }
    std::filesystem::create_directories(tasks[t].work_dir);
    share.pending.push_back(tasks[t]);
  }
  return share;
}

std::optional<std::vector<ReplicationResult>> collect_results(const std::vector<ReplicationTask>& tasks, const std::string& dir)
{
  // Each part is read once: to know that its task is done, and for the results.
  std::vector<ReplicationResult> results;
  std::size_t missing = 0;
  for (const auto& t : tasks)
    if (auto result = done_result(t)) results.push_back(std::move(*result));
    else if (missing++ < 5) std::fprintf(stderr, "bordersim: merge: %s is not done in %s\n", t.label.c_str(), dir.c_str());
  if (missing == 0) return results;
  std::fprintf(stderr, "bordersim: merge: %zu of %zu tasks are not done; rerun the shards (each resumes where it stopped)\n", missing,
               tasks.size());
  return std::nullopt;
}

} // namespace bordersim
