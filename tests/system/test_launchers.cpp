// Launchers: the rank and size that --shard-from-env reads from MPICH's PMI and from Slurm (job arrays, srun),
// GNU parallel's explicit --shard, and what is refused. Each launcher's shards, merged, must give the files of the
// same sweep run on one machine with --jobs 1, byte for byte (docs/scale-out.md).
#include <catch2/catch.hpp>

#include <stdlib.h> // setenv, unsetenv

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

const std::string kMmc = source_path("configs/mmc-example.yaml");
const std::string kLanes = "crossings.test.directions.in.stages.booth.lanes.0.count";
// 3 Morris trajectories of 3 points x 2 replications: 18 tasks of a few tenths of a second each.
const std::vector<std::string> kSweepArgs{kMmc, "--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.8,0.9",
                                          "--design", "morris:3", "--replications", "2", "--set", "simulation.horizon=300h"};
const std::vector<std::string> kSweep = [] {
  std::vector<std::string> args{"sweep"};
  args.insert(args.end(), kSweepArgs.begin(), kSweepArgs.end());
  args.insert(args.end(), {"--jobs", "1"});
  return args;
}();
constexpr std::size_t kTasks = 18;
const char* const kOutputs[] = {"design.csv", "sweep.csv", "sensitivity.csv", "effective_config.yaml"};

// Every variable a launcher sets that shard_of() reads, or that Slurm sets beside them.
const char* const kLauncherVariables[] = {"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMI_SIZE",
                                          "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN",
                                          "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_PROCID", "SLURM_NTASKS"};

/// While it lives, the processes started see the given launcher variables and no other launcher's (the test suite
/// may itself run inside an srun or mpirun, whose variables would otherwise be inherited); when it goes, every one
/// of them is as it was.
class LauncherEnvironment {
public:
  explicit LauncherEnvironment(const std::map<std::string, std::string>& variables)
  {
    for (const char* name : kLauncherVariables) names_.emplace_back(name);
    for (const auto& [name, value] : variables) names_.push_back(name);
    for (const auto& name : names_) {
      if (const char* value = std::getenv(name.c_str())) earlier_.emplace(name, value);
      ::unsetenv(name.c_str());
    }
    for (const auto& [name, value] : variables) ::setenv(name.c_str(), value.c_str(), 1);
  }
  ~LauncherEnvironment()
  {
    for (const auto& name : names_) ::unsetenv(name.c_str());
    for (const auto& [name, value] : earlier_) ::setenv(name.c_str(), value.c_str(), 1);
  }
  LauncherEnvironment(const LauncherEnvironment&) = delete;
  LauncherEnvironment& operator=(const LauncherEnvironment&) = delete;

private:
  std::vector<std::string> names_;
  std::map<std::string, std::string> earlier_;
};

using Environment = std::map<std::string, std::string>;


/// bordersim started with `environment` as the only launcher variables (its own copy of the environment is taken
/// when it starts).
std::unique_ptr<BordersimProcess> start_with(const Environment& environment, const std::vector<std::string>& args)
{
  const LauncherEnvironment scoped(environment);
  return std::make_unique<BordersimProcess>(args);
}

ProcessResult run_with(const Environment& environment, const std::vector<std::string>& args)
{
  return start_with(environment, args)->wait(300);
}


/// The files of the sweep run on one machine with --jobs 1, outside any launcher: run once, for every case here.
const std::map<std::string, std::string>& one_machine()
{
  static const std::map<std::string, std::string> files = [] {
    TempDir dir;
    const auto r = run_with({}, plus(kSweep, {"--out", dir.file("one"), "--quiet"}));
    if (r.exit_code != 0) throw std::runtime_error("the one-machine sweep failed: " + r.err);
    std::map<std::string, std::string> texts;
    for (const char* file : kOutputs) texts[file] = read_text(dir.file(std::string("one/") + file));
    return texts;
  }();
  return files;
}

/// Merges the work folder and checks its files against one machine's.
void check_merge_matches_one_machine(const TempDir& dir, const std::string& work)
{
  CHECK(parts_done(work) == kTasks);
  const auto merged = run_with({}, {"merge", work, "--out", dir.file("merged"), "--quiet"});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  for (const auto& [file, text] : one_machine()) {
    INFO(file);
    CHECK(read_text(dir.file("merged/" + file)) == text);
  }
}

/// Two shards started at once, each with its own launcher variables; the shard each says it is.
void run_two_shards(const Environment& first_env, const Environment& second_env, const std::string& work)
{
  const auto args = plus(kSweep, {"--shard-from-env", "--work", work}); // not --quiet: each names its shard
  auto first = start_with(first_env, args);
  auto second = start_with(second_env, args);
  const auto first_result = first->wait(300);
  const auto second_result = second->wait(300);
  INFO(first_result.err);
  INFO(second_result.err);
  REQUIRE(first_result.exit_code == 0);
  REQUIRE(second_result.exit_code == 0);
  CHECK(first_result.err.find("shard 1/2: 9 of its tasks to run") != std::string::npos);
  CHECK(second_result.err.find("shard 2/2: 9 of its tasks to run") != std::string::npos);
}

/// The quoted words of a command line for sh.
std::string shell_words(const std::vector<std::string>& words)
{
  std::string line;
  for (const auto& w : words) {
    std::string quoted = "'";
    for (const char c : w) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += (line.empty() ? "" : " ") + quoted + "'";
  }
  return line;
}

/// Whether .ci/install-deps installs `package` for the test suite (its `test)` line).
bool test_dependency(const std::string& package)
{
  const std::string script = read_text(source_path(".ci/install-deps"));
  const std::string opening = "test) packages+=(";
  const auto from = script.find(opening);
  if (from == std::string::npos) return false;
  const auto begin = from + opening.size();
  std::istringstream list(script.substr(begin, script.find(')', begin) - begin));
  for (std::string word; list >> word;)
    if (word == package) return true;
  return false;
}

} // namespace

TEST_CASE("launchers: PMI_RANK and PMI_SIZE (MPICH, srun's PMI) give shards that merge byte-identical to one machine",
          "[launchers][shards]")
{
  TempDir dir;
  run_two_shards({{"PMI_RANK", "0"}, {"PMI_SIZE", "2"}}, {{"PMI_RANK", "1"}, {"PMI_SIZE", "2"}}, dir.file("work"));
  check_merge_matches_one_machine(dir, dir.file("work"));
}

TEST_CASE("launchers: a Slurm job array counted from SLURM_ARRAY_TASK_MIN gives shards that merge byte-identical to one machine",
          "[launchers][shards]")
{
  // `sbatch --array=5-6`: tasks 5 and 6 of an array of 2 whose first index is 5, shards 1/2 and 2/2.
  TempDir dir;
  const Environment array{{"SLURM_ARRAY_TASK_COUNT", "2"}, {"SLURM_ARRAY_TASK_MIN", "5"}, {"SLURM_ARRAY_TASK_MAX", "6"},
                          {"SLURM_ARRAY_TASK_STEP", "1"}};
  auto fifth = array, sixth = array;
  fifth["SLURM_ARRAY_TASK_ID"] = "5";
  sixth["SLURM_ARRAY_TASK_ID"] = "6";
  run_two_shards(fifth, sixth, dir.file("work"));
  check_merge_matches_one_machine(dir, dir.file("work"));
}

TEST_CASE("launchers: a Slurm array task resubmitted alone is an array of one, read as shard 1/1: the whole sweep",
          "[launchers][shards]")
{
  // `sbatch --array=7 sweep.sbatch` after task 7 of 1-16 failed: Slurm gives it SLURM_ARRAY_TASK_MIN 7 and COUNT 1,
  // so --shard-from-env cannot know it was shard 7/16. Why docs/scale-out.md's script gives --shard "$SLURM_ARRAY_TASK_ID/16".
  TempDir dir;
  const auto r = run_with({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_MIN", "7"}, {"SLURM_ARRAY_TASK_MAX", "7"},
                           {"SLURM_ARRAY_TASK_COUNT", "1"}},
                          plus(kSweep, {"--shard-from-env", "--work", dir.file("work")}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("shard 1/1: 18 of its tasks to run") != std::string::npos);
}

// An array with a step (`sbatch --array=1-3:2`: tasks 1 and 3, MIN 1, STEP 2, COUNT 2): the rank is
// (ID - MIN) / SLURM_ARRAY_TASK_STEP, not ID - MIN, which would make task 3 rank 2 of 2 and leave shard 2/2 unrun.
TEST_CASE("launchers: a Slurm job array with a step gives shards 1/2 and 2/2 that merge byte-identical to one machine",
          "[launchers][shards]")
{
  TempDir dir;
  const Environment array{{"SLURM_ARRAY_TASK_COUNT", "2"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_MAX", "3"},
                          {"SLURM_ARRAY_TASK_STEP", "2"}};
  auto first = array, third = array;
  first["SLURM_ARRAY_TASK_ID"] = "1";
  third["SLURM_ARRAY_TASK_ID"] = "3";
  run_two_shards(first, third, dir.file("work"));
  check_merge_matches_one_machine(dir, dir.file("work"));
}

TEST_CASE("launchers: srun's SLURM_PROCID and SLURM_NTASKS give shards that merge byte-identical to one machine",
          "[launchers][shards]")
{
  TempDir dir;
  run_two_shards({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}}, {{"SLURM_PROCID", "1"}, {"SLURM_NTASKS", "2"}}, dir.file("work"));
  check_merge_matches_one_machine(dir, dir.file("work"));
}

TEST_CASE("launchers: a rank not below the size is refused (exit 2), naming the variables, and writes nothing",
          "[launchers][shards]")
{
  TempDir dir;
  const std::string work = dir.file("work");
  const auto args = plus(kSweep, {"--shard-from-env", "--work", work, "--quiet"});
  struct Refusal {
    Environment environment;
    std::string named; // the message, after "--shard-from-env: "
  };
  const std::string too_big = " do not give a rank below the size";
  const std::vector<Refusal> refusals{
      {{{"PMI_RANK", "2"}, {"PMI_SIZE", "2"}}, "PMI_RANK and PMI_SIZE" + too_big},
      {{{"OMPI_COMM_WORLD_RANK", "3"}, {"OMPI_COMM_WORLD_SIZE", "2"}}, "OMPI_COMM_WORLD_RANK and OMPI_COMM_WORLD_SIZE" + too_big},
      {{{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "0"}}, "SLURM_PROCID and SLURM_NTASKS" + too_big},
      // An array from 5 read without its minimum: task 6 of 2.
      {{{"SLURM_ARRAY_TASK_ID", "6"}, {"SLURM_ARRAY_TASK_COUNT", "2"}},
       "SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN, by SLURM_ARRAY_TASK_STEP) and SLURM_ARRAY_TASK_COUNT" + too_big},
      // Below the array's minimum: rank -1.
      {{{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_COUNT", "2"}, {"SLURM_ARRAY_TASK_MIN", "5"}},
       "SLURM_ARRAY_TASK_ID 4 is not SLURM_ARRAY_TASK_MIN 5 plus a multiple of SLURM_ARRAY_TASK_STEP 1"},
  };
  for (const auto& refusal : refusals) {
    INFO(refusal.named);
    const auto r = run_with(refusal.environment, args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--shard-from-env: " + refusal.named) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(work));
  }
  // A work folder that a shard has already filled is left exactly as it was by a refused one.
  REQUIRE(run_bordersim(plus(kSweep, {"--shard", "1/2", "--work", work, "--quiet"})).exit_code == 0);
  REQUIRE(parts_done(work) == 9);
  const auto before = snapshot(work);
  const auto r = run_with({{"PMI_RANK", "5"}, {"PMI_SIZE", "2"}}, args);
  CHECK(r.exit_code == 2);
  CHECK(snapshot(work) == before);
}

TEST_CASE("launchers: no launcher's variables is refused (exit 2), naming what was looked for, and writes nothing",
          "[launchers][shards]")
{
  TempDir dir;
  const auto r = run_with({}, plus(kSweep, {"--shard-from-env", "--work", dir.file("work"), "--quiet"}));
  INFO(r.err);
  CHECK(r.exit_code == 2);
  for (const char* named : {"no launcher's rank and size in the environment", "OMPI_COMM_WORLD_RANK/SIZE", "PMI_RANK/SIZE",
                            "SLURM_ARRAY_TASK_ID/COUNT", "SLURM_PROCID/NTASKS"})
    CHECK(r.err.find(named) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("work")));
  // A rank without its size is no launcher's either.
  const auto half = run_with({{"PMI_RANK", "0"}}, plus(kSweep, {"--shard-from-env", "--work", dir.file("work"), "--quiet"}));
  CHECK(half.exit_code == 2);
  CHECK(half.err.find("no launcher's rank and size in the environment") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("work")));
}

// A launcher variable that is set but not a whole number >= 0 ("abc", "-1", "1x") is not taken as absent: that would
// refuse the shard as if there were no launcher at all, naming nothing wrong, or, with another launcher's pair also
// set, use that one silently. It is refused, naming it.
TEST_CASE("launchers: a launcher variable that is not a whole number is refused, naming it, and writes nothing",
          "[launchers][shards]")
{
  TempDir dir;
  const std::string work = dir.file("work");
  const auto args = plus(kSweep, {"--shard-from-env", "--work", work, "--quiet"});
  for (const auto& [rank, size] : std::vector<std::pair<std::string, std::string>>{{"abc", "2"}, {"-1", "2"}, {"1x", "2"}, {"0", "two"}}) {
    INFO("PMI_RANK=" << rank << " PMI_SIZE=" << size);
    const auto r = run_with({{"PMI_RANK", rank}, {"PMI_SIZE", size}}, args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(rank == "0" ? "PMI_SIZE" : "PMI_RANK") != std::string::npos);
    CHECK(r.err.find("no launcher's rank and size") == std::string::npos); // there is one, and it is wrong
    CHECK_FALSE(std::filesystem::exists(work));
  }
  // A malformed PMI_RANK beside a sound SLURM_PROCID/NTASKS: not silently shard 2/2 from Slurm's.
  const auto both = run_with({{"PMI_RANK", "abc"}, {"PMI_SIZE", "2"}, {"SLURM_PROCID", "1"}, {"SLURM_NTASKS", "2"}}, args);
  INFO(both.err);
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("PMI_RANK") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(work));
}

TEST_CASE("launchers: --shard given wins over the launcher's environment, and with --shard-from-env too is refused",
          "[launchers][shards]")
{
  // Without --shard-from-env the environment is not read: PMI_RANK=1 of 2 does not make --shard 1/3 shard 2/2.
  TempDir dir;
  const auto r = run_with({{"PMI_RANK", "1"}, {"PMI_SIZE", "2"}, {"SLURM_PROCID", "1"}, {"SLURM_NTASKS", "2"}},
                          plus(kSweep, {"--shard", "1/3", "--work", dir.file("work")}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("shard 1/3: 6 of its tasks to run") != std::string::npos);
  CHECK(parts_done(dir.file("work")) == 6); // tasks 0, 3, 6, 9, 12 and 15
  // Both ways at once is a usage error, before anything is written.
  const auto both = run_with({{"PMI_RANK", "1"}, {"PMI_SIZE", "2"}},
                             plus(kSweep, {"--shard", "1/2", "--shard-from-env", "--work", dir.file("both")}));
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("--shard excludes --shard-from-env") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("both")));
}

TEST_CASE("launchers: GNU parallel runs the shards as docs/scale-out.md shows, and they merge byte-identical to one machine",
          "[launchers][shards]")
{
  // GNU parallel from Debian (parallel, installed by .ci/install-deps test): required where the suite declares it.
  const bool declared = test_dependency("parallel");
  INFO(".ci/install-deps test installs parallel: " << declared);
  if (!std::filesystem::exists("/usr/bin/parallel")) {
    REQUIRE_FALSE(declared); // declared and missing: the set-up is wrong, not the test skippable
    WARN("GNU parallel is not installed (/usr/bin/parallel): not run");
    return;
  }
  // The docs' line: parallel -j 2 bordersim $S --shard {}/2 --work W --jobs 1 ::: 1 2. --will-cite keeps the citation
  // notice away; parallel keeps its own files under $HOME/.parallel and $TMPDIR, both given a folder of this test.
  TempDir dir;
  std::filesystem::create_directories(dir.file("home"));
  std::filesystem::create_directories(dir.file("tmp"));
  const LauncherEnvironment none({});
  std::vector<std::string> line{"env", "HOME=" + dir.file("home"), "TMPDIR=" + dir.file("tmp"), "/usr/bin/parallel", "--will-cite", "-j",
                                "2", BORDERSIM_BINARY, "sweep"};
  line = plus(plus(line, kSweepArgs), {"--quiet", "--shard", "{}/2", "--work", dir.file("work"), "--jobs", "1", ":::", "1", "2"});
  const std::string log = dir.file("parallel.log");
  const int status = std::system((shell_words(line) + " < /dev/null > " + log + " 2>&1").c_str());
  INFO(read_text(log));
  REQUIRE(status == 0);
  check_merge_matches_one_machine(dir, dir.file("work"));
  // Run again after it is all done: nothing is left to run, and the folder is as it was.
  const auto before = snapshot(dir.file("work"));
  REQUIRE(std::system((shell_words(line) + " < /dev/null > " + log + " 2>&1").c_str()) == 0);
  CHECK(snapshot(dir.file("work")) == before);
}
