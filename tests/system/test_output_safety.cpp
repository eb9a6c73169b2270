// The output folder as the hardening issue found it: a scenario name that reached outside --out, a full disk
// that committed empty files, results lost on another file system, two runs into one folder, --force over
// the user's files, stale partial folders, unusable --out paths, and the baseline file. Every test keeps
// sentinel files beside --out and checks that they, and earlier results, survive, and that no staging folder
// or lock file is left behind.
#include <catch2/catch.hpp>

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace fs = std::filesystem;

// Test names hold no ';' (catch_discover_tests splits there) and do not start with '-' (Catch would read an option).
namespace {

std::string scenario_yaml(const std::string& name, const std::string& horizon = "12h")
{
  return "scenario: \"" + name + "\"\nsimulation: {horizon: " + horizon + R"(, warmup: 1h, replications: 2}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 20}]
        stages:
          - id: booth
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
)";
}

/// ROOT/sentinel.txt, ROOT/parent/sentinel.txt and ROOT/parent/sibling/sentinel.txt around --out = ROOT/parent/out;
/// scenario files go in ROOT.
class Sandbox {
public:
  Sandbox()
  {
    fs::create_directories(parent() + "/sibling");
    for (const auto& s : sentinels()) write_text(s, "keep");
    scenario("small", scenario_yaml("small"));
  }
  std::string root() const { return dir_.path(); }
  std::string parent() const { return dir_.file("parent"); }
  std::string out() const { return parent() + "/out"; }
  std::string small() const { return dir_.file("small.yaml"); }
  std::string scenario(const std::string& file, const std::string& yaml) const { return dir_.write(file + ".yaml", yaml); }

  /// The sentinels are as written, and the parent holds nothing but them and `expected`: no staging folder,
  /// no lock file.
  void check_untouched(std::vector<std::string> expected) const
  {
    for (const auto& s : sentinels()) CHECK(read_text(s) == "keep");
    expected.insert(expected.end(), {"sentinel.txt", "sibling"});
    std::sort(expected.begin(), expected.end());
    CHECK(entries(parent()) == expected);
    CHECK(entries(parent() + "/sibling") == std::vector<std::string>{"sentinel.txt"});
  }

  static std::vector<std::string> entries(const std::string& folder)
  {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  static void write_text(const std::string& path, const std::string& text)
  {
    std::ofstream(path, std::ios::binary) << text;
    REQUIRE(read_text(path) == text);
  }

private:
  std::vector<std::string> sentinels() const
  {
    return {dir_.file("sentinel.txt"), parent() + "/sentinel.txt", parent() + "/sibling/sentinel.txt"};
  }
  TempDir dir_;
};

/// A full disk for the processes started while it lives: RLIMIT_FSIZE caps every file they write, and with
/// SIGXFSZ ignored (inherited through exec) a write past it fails with EFBIG ("File too large") as one
/// past a full disk fails with ENOSPC. This process starts them and writes nothing meanwhile.
class FileSizeLimit {
public:
  explicit FileSizeLimit(rlim_t bytes)
  {
    ::getrlimit(RLIMIT_FSIZE, &before_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = before_;
    limited.rlim_cur = bytes;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
  }
  ~FileSizeLimit()
  {
    ::setrlimit(RLIMIT_FSIZE, &before_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
  rlimit before_{};
  void (*previous_handler_)(int) = SIG_DFL;
};

ProcessResult run_with_limit(const std::vector<std::string>& args, rlim_t bytes)
{
  FileSizeLimit limit(bytes);
  return run_bordersim(args, 120);
}

/// A tmpfs mounted in a mount namespace of this test process alone (its mounts vanish with it, even if it
/// crashes); false when this process may not mount (not root), and the caller skips with a warning.
bool mount_tmpfs(const std::string& at, bool read_only)
{
  static const bool own_namespace = ::unshare(CLONE_NEWNS) == 0 &&
                                    ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
  fs::create_directories(at);
  return own_namespace && ::mount("bordersim-test", at.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, "size=64m") == 0;
}

struct Unmount {
  std::vector<std::string> points;
  ~Unmount()
  {
    for (const auto& p : points) ::umount2(p.c_str(), MNT_DETACH);
  }
};

/// Waits until `path` exists (a run reached that point); false after 60 s.
bool wait_for(const std::function<bool()>& reached)
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!reached()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

/// The staging folder a running bordersim made beside `out`, or "".
std::string staging_beside(const std::string& out)
{
  const fs::path path(out);
  const std::string prefix = "." + path.filename().string() + ".partial-";
  for (const auto& e : fs::directory_iterator(path.parent_path()))
    if (e.path().filename().string().rfind(prefix, 0) == 0) return e.path().string();
  return "";
}

} // namespace

TEST_CASE("A scenario name that is not a folder name never reaches outside --out", "[output-safety]")
{
  // Once: compare used the name as a folder name, and ".." deleted everything in --out's parent.
  for (const std::string name : {"..", ".", "/", "a/../..", "../parent", ".hidden", "-rf"}) {
    Sandbox box;
    box.scenario("a", scenario_yaml(name));
    box.scenario("b", scenario_yaml("b"));
    for (const bool force : {false, true}) {
      std::vector<std::string> args{"compare", box.root() + "/a.yaml", box.root() + "/b.yaml", "--out", box.out(), "--quiet"};
      if (force) args.push_back("--force");
      const auto r = run_bordersim(args, 120);
      INFO("scenario name '" << name << "': " << r.err);
      CHECK(r.exit_code == 2);
      CHECK_FALSE(r.err.empty());
      box.check_untouched({});
    }
  }
}

TEST_CASE("A full disk fails the run naming the file and the reason, and earlier results survive", "[output-safety]")
{
  Sandbox box;
  REQUIRE(run_bordersim({"run", box.small(), "--out", box.out(), "--quiet"}).exit_code == 0);
  const std::string summary = read_text(box.out() + "/summary.csv");
  // Once: the run exited 0 and committed summary.csv, stages.csv and replications.csv empty. A 189-byte scenario
  // name (in every row; 63 Georgian letters, 3 bytes each) makes the CSV files large beside the workers' binary
  // results, so that with the right limit each file in turn is the first to meet the full disk (sizes measured
  // with --seed 9).
  const auto georgian = [](int letters) {
    std::string text;
    for (int i = 0; i < letters; ++i) text += "\u10d0";
    return text;
  };
  const std::string long_name = georgian(63);
  const std::string head = "scenario: " + long_name +
                           "\nsimulation: {horizon: 12h, warmup: 1h, replications: 2, sample_interval: 12h}\n";
  std::string stages = head +
                       "crossings:\n  - id: x\n    directions:\n      - id: d\n        demand: [{class: car, per_hour: 0.2}]\n"
                       "        stages:\n";
  for (int i = 1; i <= 8; ++i)
    stages += "          - {id: b" + std::to_string(i) +
              ", lanes: [{count: 1, serves: [car]}], service: {car: {dist: exponential, mean: 2min}}}\n";
  const std::string many_stages = box.scenario("many-stages", stages);
  const std::string many_classes = box.scenario(
      "many-classes",
      head + "classes: [{id: van, length_m: 8, kind: vehicle}]\ncrossings:\n  - id: c" + georgian(20) +
          "\n    directions:\n      - id: d" + georgian(20) +
          "\n        demand: [{class: car, per_hour: 0.2}, {class: truck, per_hour: 0.2}, {class: bus, per_hour: 0.2},"
          " {class: van, per_hour: 0.2}]\n        stages:\n          - id: booth\n"
          "            lanes: [{count: 1, serves: [car, truck, bus, van]}]\n"
          "            service: {car: {dist: exponential, mean: 2min}, truck: {dist: exponential, mean: 2min},"
          " bus: {dist: exponential, mean: 2min}, van: {dist: exponential, mean: 2min}}\n");
  struct Case {
    std::string scenario;
    rlim_t limit_bytes;
    std::string file; // the first file to fail
    std::vector<std::string> options{};
  };
  const std::vector<Case> cases{
      {box.small(), 4000, ".work/result.00000"},     // a worker's result
      {many_stages, 1400, ".work/timeseries.00000"}, // a worker's time series part
      {many_classes, 2300, "/summary.csv"},      // results 1968 bytes, summary.csv 2759
      {many_stages, 2500, "/stages.csv"},        // results 2480, stages.csv 2518
      {many_classes, 3400, "/replications.csv"}, // summary.csv 2759, replications.csv 4072
      {box.small(), 40000, "/timeseries.csv", {"--set", "simulation.sample_interval=1min"}}, // the parts put together
      {box.small(), 20000, "/report.html"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"run", c.scenario, "--out", box.out(), "--quiet", "--force", "--seed", "9"};
    args.insert(args.end(), c.options.begin(), c.options.end());
    const auto r = run_with_limit(args, c.limit_bytes);
    INFO("limit " << c.limit_bytes << " bytes, expecting " << c.file << " to fail: " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(c.file) != std::string::npos);
    CHECK(r.err.find("File too large") != std::string::npos);
    CHECK(read_text(box.out() + "/summary.csv") == summary);
    box.check_untouched({"out"});
  }
  // Not even stderr can be written: still a failure.
  CHECK(run_with_limit({"run", box.small(), "--out", box.out(), "--quiet", "--force"}, 0).exit_code == 1);
  CHECK(read_text(box.out() + "/summary.csv") == summary);

  // The same for a comparison, whose scenario folders are written one after the other.
  box.scenario("b", scenario_yaml("b"));
  const std::string cmp = box.parent() + "/cmp";
  REQUIRE(run_bordersim({"compare", box.small(), box.root() + "/b.yaml", "--out", cmp, "--quiet", "--no-report"}).exit_code == 0);
  const std::string comparison = read_text(cmp + "/comparison.csv");
  const auto r = run_with_limit(
      {"compare", box.small(), box.root() + "/b.yaml", "--out", cmp, "--quiet", "--force", "--seed", "9"}, 20000);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("/small/report.html: File too large") != std::string::npos);
  CHECK(read_text(cmp + "/comparison.csv") == comparison);
  box.check_untouched({"cmp", "out"});
}

TEST_CASE("Results on another file system land there, and replace earlier ones only when complete", "[output-safety][mount]")
{
  Sandbox box;
  Unmount unmount;
  const std::string disk = box.parent() + "/disk";
  if (!mount_tmpfs(disk, false)) {
    WARN("skipped: this process cannot mount a tmpfs (not root?), so --out on another file system is not tested here");
    return;
  }
  unmount.points.push_back(disk);
  // First a folder on the disk (staged beside it, on the disk), then the disk's root itself: a mount point
  // (staged inside it, since nothing can be renamed from above into it).
  box.write_text(disk + "/sentinel.txt", "keep");
  for (const std::string& out : {disk + "/out", disk}) {
    INFO("--out " << out);
    if (out == disk) {
      // Not empty, and not bordersim's: refused. Then emptied.
      const auto refused = run_bordersim({"run", box.small(), "--out", out, "--quiet", "--force"}, 120);
      CHECK(refused.exit_code == 2);
      CHECK(read_text(disk + "/sentinel.txt") == "keep");
      fs::remove(disk + "/sentinel.txt");
      fs::remove_all(disk + "/out");
    }
    const auto first = run_bordersim({"run", box.small(), "--out", out, "--quiet"}, 120);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    const std::string summary = read_text(out + "/summary.csv");
    CHECK(fs::exists(out + "/.bordersim-results"));
    // A failing run leaves them as they were.
    CHECK(run_with_limit({"run", box.small(), "--out", out, "--quiet", "--force", "--seed", "9"}, 4000).exit_code == 1);
    CHECK(read_text(out + "/summary.csv") == summary);
    // A run that succeeds replaces them.
    const auto second = run_bordersim({"run", box.small(), "--out", out, "--quiet", "--force", "--seed", "9"}, 120);
    INFO(second.err);
    CHECK(second.exit_code == 0);
    CHECK(read_text(out + "/summary.csv") != summary);
    CHECK(read_text(out + "/run_info.json").find("\"seed\": 9") != std::string::npos);
  }
  // Only results, no staging folder, old results or lock file, on the disk.
  std::vector<std::string> on_disk;
  for (const auto& name : Sandbox::entries(disk))
    if (name.front() == '.') on_disk.push_back(name);
  CHECK(on_disk == std::vector<std::string>{".bordersim-results"});
  box.check_untouched({"disk"});
}

TEST_CASE("An output folder in a read-only place is refused before running", "[output-safety][mount]")
{
  Sandbox box;
  Unmount unmount;
  const std::string disk = box.parent() + "/readonly";
  if (!mount_tmpfs(disk, true)) {
    WARN("skipped: this process cannot mount a tmpfs (not root?), so a read-only --out is not tested here");
    return;
  }
  unmount.points.push_back(disk);
  for (const std::string& out : {disk + "/out", disk}) {
    const auto r = run_bordersim({"run", box.small(), "--out", out, "--quiet"}, 120);
    INFO("--out " << out << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("Read-only file system") != std::string::npos);
  }
  CHECK(Sandbox::entries(disk).empty());
  box.check_untouched({"readonly"});
}

TEST_CASE("A second run into the same --out is refused while the first writes it", "[output-safety]")
{
  Sandbox box;
  // A run of a few seconds: one long replication.
  BordersimProcess first({"run", box.small(), "--out", box.out(), "--quiet", "--replications", "1", "--jobs", "1", "--set",
                          "simulation.horizon=4000d"});
  REQUIRE(wait_for([&] { return !staging_beside(box.out()).empty(); }));
  const auto second = run_bordersim({"run", box.small(), "--out", box.out(), "--quiet", "--seed", "9"}, 120);
  INFO(second.err);
  CHECK(second.exit_code == 2);
  CHECK(second.err.find("another bordersim run is writing") != std::string::npos);
  CHECK(process_alive(first.pid())); // refused while the first still ran
  const auto done = first.wait(120);
  INFO(done.err);
  CHECK(done.exit_code == 0);
  CHECK(read_text(box.out() + "/run_info.json").find("\"seed\": 9") == std::string::npos); // the first's results
  box.check_untouched({"out"});
}

TEST_CASE("Forcing replaces only what bordersim wrote", "[output-safety]")
{
  Sandbox box;
  REQUIRE(run_bordersim({"run", box.small(), "--out", box.out(), "--quiet"}).exit_code == 0);
  const std::string summary = read_text(box.out() + "/summary.csv");
  // The user's file dropped into the results folder: refused, both kept.
  box.write_text(box.out() + "/notes.txt", "mine");
  auto r = run_bordersim({"run", box.small(), "--out", box.out(), "--quiet", "--force"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("notes.txt") != std::string::npos);
  CHECK(read_text(box.out() + "/notes.txt") == "mine");
  CHECK(read_text(box.out() + "/summary.csv") == summary);
  // A folder of the user's, never written by bordersim: refused even with --force.
  r = run_bordersim({"run", box.small(), "--out", box.parent() + "/sibling", "--quiet", "--force"});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bordersim did not write it") != std::string::npos);
  box.check_untouched({"out"});

  // A forced comparison of {small, b} over one of {small, c} leaves no c/ for the report to show.
  box.scenario("b", scenario_yaml("b"));
  box.scenario("c", scenario_yaml("c"));
  const std::string cmp = box.parent() + "/cmp";
  REQUIRE(run_bordersim({"compare", box.small(), box.root() + "/c.yaml", "--out", cmp, "--quiet", "--no-report"}).exit_code == 0);
  REQUIRE(fs::exists(cmp + "/c/summary.csv"));
  r = run_bordersim({"compare", box.small(), box.root() + "/b.yaml", "--out", cmp, "--quiet", "--force"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Sandbox::entries(cmp) == std::vector<std::string>{".bordersim-results", "b", "comparison.csv", "report.html", "small"});
  CHECK(fs::exists(cmp + "/b/.bordersim-results"));
  CHECK(fs::exists(cmp + "/small/.bordersim-results"));
  box.check_untouched({"cmp", "out"});
}

TEST_CASE("A killed run's partial folder is removed by the next run into the same place", "[output-safety]")
{
  Sandbox box;
  std::string staging;
  {
    BordersimProcess killed({"run", box.small(), "--out", box.out(), "--quiet", "--replications", "1", "--jobs", "1", "--set",
                             "simulation.horizon=4000d"});
    REQUIRE(wait_for([&] { return !(staging = staging_beside(box.out())).empty(); }));
    REQUIRE(wait_for([&] { return !child_processes(killed.pid()).empty(); }));
    // kill -9: no destructor runs (its workers die with it).
    for (const int worker : child_processes(killed.pid())) ::kill(worker, SIGKILL);
    ::kill(killed.pid(), SIGKILL);
    CHECK(killed.wait(60).exit_code == 128 + SIGKILL);
  }
  REQUIRE(fs::is_directory(staging));
  const auto next = run_bordersim({"run", box.small(), "--out", box.out(), "--quiet"}, 120);
  INFO(next.err);
  CHECK(next.exit_code == 0);
  CHECK_FALSE(fs::exists(staging));
  box.check_untouched({"out"});
}

TEST_CASE("Unusable --out paths are refused before running, never with an abort", "[output-safety]")
{
  Sandbox box;
  // Each would have run for a long time before failing.
  const auto refused = [&](const std::string& out, const std::string& why) {
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_bordersim({"run", box.small(), "--out", out, "--quiet", "--force", "--set", "simulation.horizon=4000d"},
                                 120);
    INFO("--out " << out << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(why) != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  };
  fs::create_symlink(box.parent() + "/nowhere", box.parent() + "/dangling");
  box.write_text(box.parent() + "/file.txt", "mine");
  refused(box.parent() + "/dangling", "symbolic link to nothing");
  refused(box.parent() + "/file.txt", "is not a folder");
  refused(box.parent() + "/file.txt/out", "Not a directory");
  CHECK(fs::is_symlink(box.parent() + "/dangling"));
  CHECK(read_text(box.parent() + "/file.txt") == "mine");
  box.check_untouched({"dangling", "file.txt"});
  // The root folder, in a run that could write no file at all if it were not refused.
  const auto root = run_with_limit({"run", box.small(), "--out", "/", "--quiet", "--force"}, 0);
  CHECK(root.exit_code == 2);
}

TEST_CASE("A baseline file is refused before running where it cannot be written, and a failed write keeps the earlier one",
          "[output-safety]")
{
  Sandbox box;
  const std::string baseline = box.parent() + "/base.csv";
  REQUIRE(run_bordersim({"baseline", box.small(), "-o", baseline, "--quiet"}).exit_code == 0);
  const std::string earlier = read_text(baseline);
  const auto failed = run_with_limit({"baseline", box.small(), "-o", baseline, "--quiet", "--force", "--seed", "9"}, 600);
  INFO(failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("File too large") != std::string::npos);
  CHECK(read_text(baseline) == earlier);
  for (const std::string& target : {box.parent() + "/missing/base.csv", box.parent() + "/sibling"}) {
    const auto r = run_bordersim(
        {"baseline", box.small(), "-o", target, "--quiet", "--force", "--set", "simulation.horizon=4000d"}, 120);
    INFO(target << ": " << r.err);
    CHECK(r.exit_code == 2);
  }
  box.check_untouched({"base.csv"});
}

TEST_CASE("report replaces a page only whole and a file named by -o only with --force", "[output-safety]")
{
  Sandbox box;
  REQUIRE(run_bordersim({"run", box.small(), "--out", box.out(), "--quiet"}).exit_code == 0);
  const std::string page = box.out() + "/report.html";
  const std::string earlier = read_text(page);
  REQUIRE(earlier.size() > 100'000); // Chart.js is inlined: a limit of 50 kB fails the write half-way
  const auto failed = run_with_limit({"report", box.out(), "--quiet"}, 50'000);
  INFO(failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("File too large") != std::string::npos);
  CHECK(read_text(page) == earlier);
  const std::string mine = box.parent() + "/mine.html";
  Sandbox::write_text(mine, "mine");
  const auto refused = run_bordersim({"report", box.out(), "-o", mine, "--quiet"}, 120);
  INFO(refused.err);
  CHECK(refused.exit_code == 2);
  CHECK(read_text(mine) == "mine");
  const auto forced = run_bordersim({"report", box.out(), "-o", mine, "--quiet", "--force"}, 120);
  CHECK(forced.exit_code == 0);
  CHECK(read_text(mine).size() > 100'000);
  // No temporary file stays beside either page.
  for (const auto& name : Sandbox::entries(box.out())) CHECK(name.find(".partial-") == std::string::npos);
  box.check_untouched({"out", "mine.html"});
}
