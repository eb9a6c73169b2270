// One exit-code contract for every command (README.md, "Exit codes"): 0 success; 2 usage or input error;
// 1 failure while running, with its cause (and for check: a metric moved); 128 + the signal when
// interrupted, 130 SIGINT and 143 SIGTERM. The run command's interruptions, with everything an interrupted
// run must leave as it was, are in test_signals.cpp.
#include <catch2/catch.hpp>

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <tuple>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b)
{
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct Files {
  TempDir dir;
  std::string small = dir.write("small.yaml", kSmallScenario);
  std::string bad = dir.write("bad.yaml", kSmallScenario + "bogus_key: 1\n");
};

void expect_code(const ProcessResult& r, int code)
{
  INFO("exit " << r.exit_code << ", stderr:\n" << r.err);
  CHECK(r.exit_code == code);
  if (code != 0) CHECK_FALSE(r.err.empty()); // every failure says why
}

/// While a test runs a command under a signal, the command's scratch folder (baseline, check, capacity) goes
/// to scratch/ inside the test's folder, so that what it leaves behind shows.
class ScratchInside : TmpdirSetTo {
public:
  explicit ScratchInside(const Files& f) : TmpdirSetTo(f.dir.file("scratch")) {}
};

/// The command's arguments make it replace results already in f's folder (or write nothing there): after it
/// fails or is interrupted, the folder must be exactly as it was, with no partial folder, temporary file or
/// scratch folder left.
void expect_folder_as_it_was(const std::map<std::string, std::string>& before, const Files& f)
{
  const auto after = snapshot(f.dir.path());
  for (const auto& [name, content] : after)
    if (!before.count(name)) FAIL_CHECK("left behind: " << name);
  for (const auto& [name, content] : before) {
    INFO(name);
    CHECK((after.count(name) && after.at(name) == content));
  }
}

/// Kills one worker while the command runs: the run fails (1), says which replication, and writes nothing.
void expect_failure_when_a_worker_dies(const Files& f, const std::vector<std::string>& args)
{
  ScratchInside scratch(f);
  const auto before = snapshot(f.dir.path());
  const auto run = signal_while_workers_run(args + kSmallScenarioRunsLong, SIGKILL, SignalTarget::OneWorker);
  INFO("stderr:\n" << run.result.err);
  REQUIRE_FALSE(run.workers.empty()); // the run had started
  expect_code(run.result, 1);
  CHECK(std::regex_search(run.result.err, std::regex("replication [0-9]+ was killed by signal 9")));
  expect_folder_as_it_was(before, f);
}

/// Interrupts the command while it runs: SIGINT to its process group (a terminal's Ctrl-C), SIGTERM and
/// SIGHUP to it alone. Each ends with 128 + the signal, one line, and nothing written.
void expect_interrupted(const Files& f, const std::vector<std::string>& args)
{
  ScratchInside scratch(f);
  const auto before = snapshot(f.dir.path());
  for (const auto& [signal_number, target, code, name] :
       {std::tuple{SIGINT, SignalTarget::Group, 130, "SIGINT"}, std::tuple{SIGTERM, SignalTarget::Bordersim, 143, "SIGTERM"},
        std::tuple{SIGHUP, SignalTarget::Bordersim, 129, "SIGHUP"}}) {
    const auto run = signal_while_workers_run(args + kSmallScenarioRunsLong, signal_number, target);
    INFO(name << ", stderr:\n" << run.result.err);
    REQUIRE_FALSE(run.workers.empty()); // the run had started
    expect_code(run.result, code);
    CHECK(run.result.err == std::string("bordersim: interrupted by ") + name + "\n");
    expect_folder_as_it_was(before, f);
  }
}

} // namespace

TEST_CASE("Exit codes: --help, --version and the command line itself", "[exit-codes]")
{
  expect_code(run_bordersim({"--help"}), 0);
  expect_code(run_bordersim({"--version"}), 0);
  CHECK(run_bordersim({}).exit_code == 2);
  CHECK(run_bordersim({"fly"}).exit_code == 2);
  CHECK(run_bordersim({"--bogus"}).exit_code == 2);
}

TEST_CASE("Exit codes: SimGrid's own options are usage errors, never an abort", "[exit-codes]")
{
  Files f;
  // SimGrid throws on an unknown key, and aborts on some values it refuses: 2 either way, with a message.
  for (const char* option : {"--cfg=bogus:1", "--cfg=maxmin/precision:abc", "--cfg=network/model:bogus", "--log=bogus"}) {
    INFO(option);
    const auto r = run_bordersim({option, "validate", f.small});
    expect_code(r, 2);
    CHECK(r.err.find(std::string("bordersim: SimGrid refused ") + option) != std::string::npos);
  }
  expect_code(run_bordersim({"--cfg=maxmin/precision:1e-5", "validate", f.small}), 0);
}

TEST_CASE("Exit codes: run", "[exit-codes]")
{
  Files f;
  expect_code(run_bordersim({"run", f.small, "--out", f.dir.file("out"), "--quiet"}), 0);
  expect_code(run_bordersim({"run", f.bad, "--out", f.dir.file("bad-out"), "--quiet"}), 2);
  expect_code(run_bordersim({"run", f.small, "--out", f.dir.file("out"), "--quiet"}), 2); // holds results, no --force
  // Over the results in out/: they must survive a failed or interrupted run whole.
  const std::vector<std::string> again = {"run", f.small, "--out", f.dir.file("out"), "--force", "--quiet", "--jobs", "2"};
  expect_failure_when_a_worker_dies(f, again);
  expect_interrupted(f, again); // test_signals.cpp: also that no worker outlives it
}

TEST_CASE("Exit codes: an unexpected error is reported with its cause, never an abort", "[exit-codes]")
{
  // The output folder cannot be made under a file: this error escaped every handler and aborted (134).
  Files f;
  f.dir.write("a-file", "");
  const auto r = run_bordersim({"run", f.small, "--out", f.dir.file("a-file/sub/out"), "--quiet"});
  INFO(r.err);
  CHECK(r.exit_code == 2); // the place given cannot hold a folder: a usage error
  CHECK(r.err.find("Not a directory") != std::string::npos);
  CHECK(r.err.find("Uncaught exception") == std::string::npos);
}

TEST_CASE("Exit codes: validate", "[exit-codes]")
{
  Files f;
  expect_code(run_bordersim({"validate", f.small}), 0);
  expect_code(run_bordersim({"validate", f.bad}), 2);
  expect_code(run_bordersim({"validate", f.dir.file("missing.yaml")}), 2);
}

TEST_CASE("Exit codes: compare", "[exit-codes]")
{
  Files f;
  const std::string other = f.dir.write("other.yaml", "scenario: other" + kSmallScenario.substr(kSmallScenario.find('\n')));
  expect_code(run_bordersim({"compare", f.small, other, "--out", f.dir.file("cmp"), "--quiet", "--no-report"}), 0);
  expect_code(run_bordersim({"compare", f.small, f.bad, "--out", f.dir.file("cmp-bad"), "--quiet"}), 2);
  expect_code(run_bordersim({"compare", f.small, f.small, "--out", f.dir.file("cmp-same"), "--quiet"}), 2); // two of one name
  const std::vector<std::string> again = {"compare", f.small, other, "--out", f.dir.file("cmp"), "--force", "--quiet", "--jobs", "2"};
  expect_failure_when_a_worker_dies(f, again);
  expect_interrupted(f, again);
  const std::vector<std::string> fresh = {"compare", f.small, other, "--out", f.dir.file("cmp-new"), "--quiet", "--jobs", "2"};
  expect_failure_when_a_worker_dies(f, fresh);
  expect_interrupted(f, fresh);
}

TEST_CASE("Exit codes: baseline and check", "[exit-codes]")
{
  Files f;
  const std::string baseline = f.dir.file("baseline.csv");
  expect_code(run_bordersim({"baseline", f.small, "-o", baseline, "--quiet"}), 0);
  expect_code(run_bordersim({"baseline", f.bad, "-o", f.dir.file("b-bad.csv"), "--quiet"}), 2);
  expect_code(run_bordersim({"baseline", f.small, "-o", f.dir.file("b-one.csv"), "--replications", "1", "--quiet"}), 2);
  const std::vector<std::string> again = {"baseline", f.small, "-o", baseline, "--force", "--quiet", "--jobs", "2"};
  expect_failure_when_a_worker_dies(f, again);
  expect_interrupted(f, again);
  for (const char* name : {"b-bad.csv", "b-one.csv"})
    CHECK_FALSE(fs::exists(f.dir.file(name)));

  expect_code(run_bordersim({"check", f.small, "--baseline", baseline, "--quiet"}), 0);
  // 1 by design when a metric moved (here: ten times the demand).
  expect_code(run_bordersim({"check", f.small, "--baseline", baseline, "--set",
                             "crossings.x.directions.in.demand.car.per_hour=200", "--quiet"}),
              1);
  expect_code(run_bordersim({"check", f.small, "--baseline", f.dir.write("not-a-baseline.csv", "a,b\r\n1,2\r\n"), "--quiet"}), 2);
  expect_code(run_bordersim({"check", f.bad, "--baseline", baseline, "--quiet"}), 2);
  expect_failure_when_a_worker_dies(f, {"check", f.small, "--baseline", baseline, "--quiet", "--jobs", "2"});
  expect_interrupted(f, {"check", f.small, "--baseline", baseline, "--quiet", "--jobs", "2"});
}

TEST_CASE("Exit codes: capacity", "[exit-codes]")
{
  Files f;
  const std::vector<std::string> search = {
      "--crossing", "x", "--target-p95-wait", "30min", "--max-scale", "2", "--precision", "0.2", "--quiet"};
  expect_code(run_bordersim(std::vector<std::string>{"capacity", f.small} + search), 0);
  expect_code(run_bordersim({"capacity", f.small, "--crossing", "nowhere", "--target-p95-wait", "30min", "--quiet"}), 2);
  expect_code(run_bordersim(std::vector<std::string>{"capacity", f.bad} + search), 2);
  expect_failure_when_a_worker_dies(f, std::vector<std::string>{"capacity", f.small, "--jobs", "2"} + search);
  expect_interrupted(f, std::vector<std::string>{"capacity", f.small, "--jobs", "2"} + search);
}

TEST_CASE("Exit codes: report and schema", "[exit-codes]")
{
  Files f;
  REQUIRE(run_bordersim({"run", f.small, "--out", f.dir.file("out"), "--quiet", "--no-report"}).exit_code == 0);
  expect_code(run_bordersim({"report", f.dir.file("out"), "--quiet"}), 0);
  fs::create_directories(f.dir.file("empty"));
  expect_code(run_bordersim({"report", f.dir.file("empty"), "--quiet"}), 2);
  expect_code(run_bordersim({"schema"}), 0);
  expect_code(run_bordersim({"schema", "extra"}), 2);
}

TEST_CASE("Exit codes: output lost on a full standard output is a failure, never a silent success", "[exit-codes]")
{
  // Tables, the schema and --help were written to /dev/full with exit 0.
  Files f;
  const std::string other = f.dir.write("other.yaml", "scenario: other" + kSmallScenario.substr(kSmallScenario.find('\n')));
  const std::vector<std::vector<std::string>> commands = {
      {"--help"},
      {"--version"},
      {"schema"},
      {"validate", f.small, "--provenance"},
      {"compare", f.small, other, "--out", f.dir.file("cmp"), "--no-report"},
      {"capacity", f.small, "--crossing", "x", "--target-p95-wait", "30min", "--max-scale", "2", "--precision", "0.2", "--quiet"},
  };
  for (const auto& args : commands) {
    INFO(args.front());
    const auto r = run_bordersim_writing_to(args, "/dev/full");
    expect_code(r, 1);
    CHECK(r.err.find("bordersim: cannot write the standard output") != std::string::npos);
  }
}
