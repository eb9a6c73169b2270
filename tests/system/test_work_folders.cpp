// Work folders for run and compare: shards merged, a resume after Ctrl-C, and what a folder refuses. (Sweeps have
// theirs in test_sweep.cpp.) Every merge must give the files of one machine's run byte for byte.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

const std::string kMmc = source_path("configs/mmc-example.yaml");



/// Every CSV file under `a` is in `b`, byte for byte, and `b` has no other.
void check_same_csv_files(const std::string& a, const std::string& b)
{
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(a)) {
    if (e.path().extension() != ".csv") continue;
    const auto relative = std::filesystem::relative(e.path(), a).string();
    INFO(relative);
    ++files;
    REQUIRE(std::filesystem::exists(b + "/" + relative));
    CHECK(read_text(e.path().string()) == read_text(b + "/" + relative));
  }
  std::size_t others = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(b)) others += e.path().extension() == ".csv";
  CHECK(others == files);
  CHECK(files >= 6); // summary, stages, network, replications, wait_by_hour, timeseries at the least
}

const std::vector<std::string> kRun{"run", kMmc, "--replications", "4", "--set", "simulation.horizon=300h", "--quiet", "--jobs", "1"};
const std::vector<std::string> kCompare{"compare", kMmc, kMmc, "--variant", "2:simulation.demand_scale=0.9", "--replications", "3",
                                        "--set", "simulation.horizon=300h", "--quiet", "--jobs", "1"};

} // namespace

TEST_CASE("run shards: two at once, then merged (twice), give byte-identical files to one machine with --jobs 1", "[shards]")
{
  TempDir dir;
  REQUIRE(run_bordersim(plus(kRun, {"--out", dir.file("one")})).exit_code == 0);
  BordersimProcess first(plus(kRun, {"--shard", "1/2", "--work", dir.file("work")}));
  BordersimProcess second(plus(kRun, {"--shard", "2/2", "--work", dir.file("work")}));
  REQUIRE(first.wait(300).exit_code == 0);
  REQUIRE(second.wait(300).exit_code == 0);
  CHECK(parts_done(dir.file("work")) == 4);
  // A shard writes its parts and nothing else.
  std::vector<std::string> entries;
  for (const auto& e : std::filesystem::directory_iterator(dir.file("work"))) entries.push_back(e.path().filename().string());
  std::sort(entries.begin(), entries.end());
  CHECK(entries == std::vector<std::string>{"result.000000.bin", "result.000001.bin", "result.000002.bin", "result.000003.bin",
                                            "timeseries.000000.part", "timeseries.000001.part", "timeseries.000002.part",
                                            "timeseries.000003.part", "work.txt"});
  for (const char* out : {"merged", "again"}) {
    const auto merged = run_bordersim({"merge", dir.file("work"), "--out", dir.file(out), "--quiet"});
    INFO(merged.err);
    REQUIRE(merged.exit_code == 0);
    check_same_csv_files(dir.file("one"), dir.file(out)); // the second merge finds every part the first read
  }
  CHECK(std::filesystem::exists(dir.file("merged/report.html")));
  // The work folder of a run is no sweep's and no comparison's.
  const auto other = run_bordersim(plus(kCompare, {"--shard", "1/2", "--work", dir.file("work")}));
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("holds the parts of another run") != std::string::npos);
}

TEST_CASE("compare shards: three at once, then merged, give byte-identical files to one machine with --jobs 1", "[shards]")
{
  TempDir dir;
  REQUIRE(run_bordersim(plus(kCompare, {"--out", dir.file("one")})).exit_code == 0);
  std::vector<std::unique_ptr<BordersimProcess>> shards;
  for (const char* k : {"1/3", "2/3", "3/3"})
    shards.push_back(std::make_unique<BordersimProcess>(plus(kCompare, {"--shard", k, "--work", dir.file("work")})));
  for (auto& s : shards) REQUIRE(s->wait(300).exit_code == 0);
  CHECK(parts_done(dir.file("work")) == 2 * 3);
  const auto merged = run_bordersim({"merge", dir.file("work"), "--out", dir.file("merged"), "--quiet"});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  check_same_csv_files(dir.file("one"), dir.file("merged"));
  CHECK(read_text(dir.file("merged/comparison.csv")).find("mmc-example-variant-2") != std::string::npos);
}

TEST_CASE("run --work alone: Ctrl-C keeps the finished tasks' parts, and the same command again resumes to the same files", "[shards]")
{
  TempDir dir;
  const std::vector<std::string> longer{"run", kMmc, "--replications", "6", "--set", "simulation.horizon=3000h", "--quiet", "--jobs", "1"};
  REQUIRE(run_bordersim(plus(longer, {"--out", dir.file("one")})).exit_code == 0);
  const auto args = plus(longer, {"--work", dir.file("work"), "--out", dir.file("out")});
  {
    BordersimProcess run(args, true);
    for (int i = 0; i < 6000 && parts_done(dir.file("work")) < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(-run.pid(), SIGINT); // a terminal's Ctrl-C reaches the whole group
    const auto stopped = run.wait(60);
    INFO(stopped.err);
    CHECK(stopped.exit_code == 130);
    CHECK(stopped.err.find("the same command again resumes") != std::string::npos);
  }
  const std::size_t before = parts_done(dir.file("work"));
  INFO(before << " tasks done when interrupted");
  CHECK(before >= 2);
  CHECK(before < 6);
  CHECK_FALSE(std::filesystem::exists(dir.file("out"))); // results appear only when complete
  auto loud = args;
  std::erase(loud, std::string("--quiet"));
  const auto resumed = run_bordersim(loud);
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find(std::to_string(6 - before) + " of 6 tasks to run, " + std::to_string(before) + " done already") !=
        std::string::npos);
  check_same_csv_files(dir.file("one"), dir.file("out"));
}

TEST_CASE("merge refuses a work folder that another bordersim made, or that is no work folder, and writes nothing", "[shards]")
{
  TempDir dir;
  REQUIRE(run_bordersim(plus(kRun, {"--shard", "1/1", "--work", dir.file("work")})).exit_code == 0);
  std::string manifest = read_text(dir.file("work/work.txt"));
  const auto at = manifest.find("bordersim=");
  REQUIRE(at != std::string::npos);
  manifest.replace(at, manifest.find('\n', at) - at, "bordersim=0.0.1 0000000");
  dir.write("work/work.txt", manifest);
  const auto older = run_bordersim({"merge", dir.file("work"), "--out", dir.file("out")});
  CHECK(older.exit_code == 2);
  CHECK(older.err.find(dir.file("work/work.txt") + ":2:1: the parts were made by bordersim 0.0.1 0000000") != std::string::npos);
  const auto none = run_bordersim({"merge", dir.path(), "--out", dir.file("out")});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("is " + dir.path() + " a --work folder?") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));
}
