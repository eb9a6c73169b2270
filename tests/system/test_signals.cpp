// Signals and worker processes: an interrupted run stops its workers, removes what it staged, keeps the
// results already in the folder, says so in one line and exits 128 + the signal; workers die with their
// parent; a stopped worker fails the run instead of hanging it, while a slow one is left to finish.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b)
{
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// True once none of `pids` runs any more, waiting up to `limit`.
bool all_ended_within(const std::vector<int>& pids, std::chrono::milliseconds limit)
{
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    bool any = false;
    for (const int pid : pids) any = any || process_alive(pid);
    if (!any) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

/// When a test fails, workers may outlive it: they must not run on after it.
void kill_survivors(const std::vector<int>& pids)
{
  for (const int pid : pids)
    if (process_alive(pid)) ::kill(pid, SIGKILL);
}

/// A folder holding the results of a completed run in out/: interrupting a long run into out/ must leave
/// it exactly as it was.
struct EarlierResults {
  TempDir dir;
  std::string out = dir.file("out");
  std::string config = dir.write("small.yaml", kSmallScenario);
  std::map<std::string, std::string> before;
  EarlierResults()
  {
    const auto quick = run_bordersim({"run", config, "--out", out, "--quiet", "--no-report"});
    INFO(quick.err);
    REQUIRE(quick.exit_code == 0);
    before = snapshot(dir.path());
  }
  /// The arguments of a long run into out/.
  std::vector<std::string> long_run(const std::vector<std::string>& more) const
  {
    return std::vector<std::string>{"run", config, "--out", out, "--force", "--jobs", "2", "--quiet"} + more +
           kSmallScenarioRunsLong;
  }
};

void check_interrupted(const EarlierResults& earlier, const SignalledRun& run, int code, const std::string& signal_name)
{
  const auto& r = run.result;
  INFO("stderr:\n" << r.err);
  REQUIRE_FALSE(run.workers.empty()); // the run had started
  CHECK(r.exit_code == code);
  const auto lines = lines_of(r.err);
  CHECK(lines.size() == 1);
  CHECK(r.err == "bordersim: interrupted by " + signal_name + "\n");
  CHECK(r.err.find("Segmentation fault") == std::string::npos);
  CHECK(r.err.find("CTRL-C") == std::string::npos);
  // No staging folder beside out/, and out/ as the earlier run left it.
  CHECK(snapshot(earlier.dir.path()) == earlier.before);
  // Every worker was stopped before bordersim exited.
  for (const int pid : run.workers) CHECK_FALSE(process_alive(pid));
  kill_survivors(run.workers);
}

} // namespace

TEST_CASE("Ctrl-C during a run with two workers: exit 130, one line, earlier results kept, no worker left", "[signals]")
{
  EarlierResults earlier;
  // To the whole process group, as a terminal sends it: bordersim and its workers all receive it.
  const auto run = signal_while_workers_run(earlier.long_run({}), SIGINT, SignalTarget::Group);
  check_interrupted(earlier, run, 130, "SIGINT");
}

TEST_CASE("SIGTERM during a run with two workers: exit 143, one line, earlier results kept, no worker left", "[signals]")
{
  EarlierResults earlier;
  const auto run = signal_while_workers_run(earlier.long_run({}), SIGTERM, SignalTarget::Bordersim);
  check_interrupted(earlier, run, 143, "SIGTERM");
}

TEST_CASE("Workers die with their parent, even when it is killed with SIGKILL", "[signals]")
{
  TempDir dir;
  const auto run = signal_while_workers_run(std::vector<std::string>{"run", dir.write("small.yaml", kSmallScenario), "--out",
                                                                     dir.file("out"), "--jobs", "2", "--quiet"} +
                                                kSmallScenarioRunsLong,
                                            SIGKILL, SignalTarget::Bordersim);
  REQUIRE_FALSE(run.workers.empty());
  CHECK(run.result.exit_code == 128 + SIGKILL);
  // Left alone a worker would run on for many seconds; killed with its parent it is gone at once.
  CHECK(all_ended_within(run.workers, std::chrono::seconds(3)));
  kill_survivors(run.workers);
}

TEST_CASE("A scratch folder left by a baseline killed with SIGKILL is removed by the next command that makes one",
          "[signals]")
{
  TempDir dir;
  const std::string scratch = dir.file("tmp");
  const TmpdirSetTo tmpdir(scratch);
  const std::string config = dir.write("small.yaml", kSmallScenario);
  const auto killed = signal_while_workers_run(std::vector<std::string>{"baseline", config, "-o", dir.file("b.csv"), "--jobs",
                                                                        "2", "--quiet"} +
                                                   kSmallScenarioRunsLong,
                                               SIGKILL, SignalTarget::Bordersim);
  REQUIRE_FALSE(killed.workers.empty());
  CHECK(killed.result.exit_code == 128 + SIGKILL);
  CHECK(all_ended_within(killed.workers, std::chrono::seconds(3)));
  kill_survivors(killed.workers);
  // SIGKILL gives no chance to clean up: the scratch folder is still there, and no baseline was written.
  const auto left = snapshot(scratch);
  CHECK_FALSE(left.empty());
  CHECK_FALSE(std::filesystem::exists(dir.file("b.csv")));
  // A folder of another name, and a scratch folder whose process lives (this test's), are not touched.
  std::filesystem::create_directory(scratch + "/bordersim-other");
  const std::string alive = scratch + "/bordersim-scratch-" + std::to_string(::getpid()) + "-abcdef";
  std::filesystem::create_directory(alive);
  const auto next = run_bordersim({"baseline", config, "-o", dir.file("b.csv"), "--quiet"}, 120);
  INFO(next.err);
  CHECK(next.exit_code == 0);
  std::vector<std::string> remaining;
  for (const auto& entry : std::filesystem::directory_iterator(scratch)) remaining.push_back(entry.path().filename().string());
  std::sort(remaining.begin(), remaining.end());
  CHECK(remaining == std::vector<std::string>{"bordersim-other", "bordersim-scratch-" + std::to_string(::getpid()) + "-abcdef"});
}

TEST_CASE("A stopped worker fails the run with exit 1 naming its replication instead of hanging it", "[signals]")
{
  EarlierResults earlier;
  const auto started = std::chrono::steady_clock::now();
  const auto run = signal_while_workers_run(earlier.long_run({"--worker-timeout", "2s"}), SIGSTOP, SignalTarget::OneWorker);
  const auto& r = run.result;
  INFO("stderr:\n" << r.err);
  REQUIRE_FALSE(run.workers.empty());
  CHECK(r.exit_code == 1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30)); // not the helper's 120 s limit
  CHECK(std::regex_search(r.err, std::regex("replication [0-9]+ made no progress for 2s")));
  CHECK(snapshot(earlier.dir.path()) == earlier.before);
  for (const int pid : run.workers) CHECK_FALSE(process_alive(pid));
  kill_survivors(run.workers);
}

TEST_CASE("A slow replication is not taken for a stopped one: it reports its progress while it runs", "[signals]")
{
  // One replication of several seconds against a limit of 2 s without news.
  TempDir dir;
  const auto r = run_bordersim(std::vector<std::string>{"run", dir.write("small.yaml", kSmallScenario), "--out", dir.file("out"),
                                                        "--replications", "1", "--jobs", "1", "--quiet", "--no-report",
                                                        "--worker-timeout", "2s"} +
                                   kSmallScenarioRunsLong + std::vector<std::string>{"--set", "simulation.horizon=1000h"},
                               120);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(dir.file("out/summary.csv")));
}
