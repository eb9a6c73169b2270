// sweep: designs over varied keys, run with common random numbers; sensitivity from one-at-a-time and Morris.
#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <cmath>
#include <filesystem>
#include <set>

#include "models/queueing_theory.hpp"
#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace q = bordersim::queueing;

namespace {

const std::string kMmc = source_path("configs/mmc-example.yaml");
const std::string kLanes = "crossings.test.directions.in.stages.booth.lanes.0.count";

std::vector<CsvRecord> rows_of(const std::vector<CsvRecord>& rows, const std::string& metric)
{
  return select(rows, {{"metric", metric}});
}

} // namespace

TEST_CASE("sweep grid over the lanes of the M/M/3 example: every point's wait within its interval of Erlang C", "[sweep][theory]")
{
  // λ = 2.7 a minute, 1 min each: 3, 4 and 5 lanes give Erlang C waits of 2.72, 0.31 and 0.06 min. Three points
  // each checked at 99% (5 replications: t 4.604 against 2.776 at 95%).
  TempDir dir;
  const auto r = run_bordersim({"sweep", kMmc, "--vary", kLanes + "=3,4,5", "--out", dir.file("out"), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto design = read_csv(dir.file("out/design.csv"));
  REQUIRE(design.size() == 3);
  const auto waits = rows_of(read_csv(dir.file("out/sweep.csv")), "wait_mean_min");
  REQUIRE(waits.size() == 3);
  for (int p = 0; p < 3; ++p) {
    const int lanes = 3 + p;
    CHECK(number(design[static_cast<std::size_t>(p)], "point") == p);
    CHECK(design[static_cast<std::size_t>(p)].at("value") == std::to_string(lanes));
    const double exact_min = q::mmc_mean_wait_s(lanes, 2.7 / 60.0, 60.0) / 60.0;
    const double mean = number(waits[static_cast<std::size_t>(p)], "mean");
    const double half_width_99 = number(waits[static_cast<std::size_t>(p)], "ci95") * 4.6041 / 2.7764;
    INFO(lanes << " lanes: Erlang C " << exact_min << " min, simulated " << mean << " ± " << half_width_99);
    CHECK(std::fabs(mean - exact_min) <= half_width_99);
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("out/sensitivity.csv"))); // a grid ranks nothing
  // The report draws the grid (tests/viz/test_sweep_report.cpp checks its charts); --no-report leaves it out.
  CHECK(read_text(dir.file("out/report.html")).find("bordersim sweep: mmc-example") != std::string::npos);
  // The folder says what made it, as a run's does: the base scenario, the replications every point ran, its files.
  const std::string info = read_text(dir.file("out/run_info.json"));
  CHECK(info.find("\"scenario\": \"mmc-example\"") != std::string::npos);
  CHECK(info.find("\"replications\": 5") != std::string::npos);
  CHECK(info.find("\"design.csv\"") != std::string::npos);
  CHECK(info.find("\"report.html\"") != std::string::npos);
  const auto bare = run_bordersim({"sweep", kMmc, "--vary", kLanes + "=3,4", "--replications", "2", "--set", "simulation.horizon=150h",
                                   "--no-report", "--out", dir.file("bare"), "--quiet"});
  REQUIRE(bare.exit_code == 0);
  CHECK(std::filesystem::exists(dir.file("bare/sweep.csv")));
  CHECK_FALSE(std::filesystem::exists(dir.file("bare/report.html")));
}

TEST_CASE("sweep gives byte-identical files whatever --jobs, and refuses a bad point before running any", "[sweep]")
{
  TempDir dir;
  const std::vector<std::string> args{"sweep", kMmc, "--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.8,0.9",
                                      "--design", "morris:3", "--replications", "2", "--set", "simulation.horizon=300h", "--quiet"};
  auto one = args, two = args;
  one.insert(one.end(), {"--jobs", "1", "--out", dir.file("one")});
  two.insert(two.end(), {"--jobs", "2", "--out", dir.file("two")});
  REQUIRE(run_bordersim(one).exit_code == 0);
  REQUIRE(run_bordersim(two).exit_code == 0);
  for (const char* file : {"design.csv", "sweep.csv", "sensitivity.csv"}) {
    INFO(file);
    CHECK(read_text(dir.file(std::string("one/") + file)) == read_text(dir.file(std::string("two/") + file)));
  }
  // A lane count of 0 is refused at its point, located, and nothing is written.
  const auto bad = run_bordersim({"sweep", kMmc, "--vary", kLanes + "=3,0", "--out", dir.file("bad"), "--quiet"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("point 1: --set:1:1: " + kLanes + ": ") != std::string::npos);
  CHECK(bad.err.find("point 0:") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("bad")));
  const auto malformed = run_bordersim({"sweep", kMmc, "--vary", kLanes + "=5..3", "--out", dir.file("bad")});
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("a range runs from low to high") != std::string::npos);
  const auto design = run_bordersim({"sweep", kMmc, "--vary", kLanes + "=3,4", "--design", "morris:x", "--out", dir.file("bad")});
  CHECK(design.exit_code == 2);
  CHECK(design.err.find("morris:N takes a whole number") != std::string::npos);
}

TEST_CASE("sweep morris: an input that cannot move a metric has μ* exactly 0, one that does ranks first", "[sweep]")
{
  // The trucks' queue length per vehicle changes the queue in km and nothing else; demand changes every wait. With
  // common random numbers every point draws the same arrivals and services, so length_m moves the waits by exactly 0.
  TempDir dir;
  const auto r = run_bordersim({"sweep", kMmc, "--vary", "classes.car.length_m=5..9", "--vary", "simulation.demand_scale=0.7..0.9",
                                "--design", "morris:4", "--replications", "2", "--set", "simulation.horizon=300h", "--out",
                                dir.file("out"), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto design = read_csv(dir.file("out/design.csv"));
  CHECK(design.size() == 4 * 3 * 2); // 4 trajectories of 3 points, 2 keys each
  const auto sensitivity = read_csv(dir.file("out/sensitivity.csv"));
  const auto wait_length = select(sensitivity, {{"metric", "wait_mean_min"}, {"key", "classes.car.length_m"}});
  const auto wait_demand = select(sensitivity, {{"metric", "wait_mean_min"}, {"key", "simulation.demand_scale"}});
  const auto km_length = select(sensitivity, {{"metric", "queue_mean_km"}, {"key", "classes.car.length_m"}});
  REQUIRE(wait_length.size() == 1);
  REQUIRE(wait_demand.size() == 1);
  REQUIRE(km_length.size() == 1);
  CHECK(number(wait_length[0], "effect") == 0);
  CHECK(number(wait_length[0], "steps") == 4);
  CHECK(number(wait_demand[0], "effect") > 0);
  CHECK(number(wait_demand[0], "mu") > 0); // more demand, longer waits, on every step
  CHECK(wait_demand[0].at("rank") == "1");
  CHECK(number(km_length[0], "effect") > 0);
  // Each trajectory moves one key a step at a time: consecutive points differ in exactly one key.
  for (std::size_t p = 2; p < design.size(); p += 2) {
    if (design[p].at("trajectory") != design[p - 2].at("trajectory")) continue;
    const int changed = (design[p].at("value") != design[p - 2].at("value")) + (design[p + 1].at("value") != design[p - 1].at("value"));
    CHECK(changed == 1);
  }
  CHECK(r.out.find("simulation.demand_scale") < r.out.find("classes.car.length_m")); // the terminal ranks demand first
}

TEST_CASE("sweep oat and lhs: the base point is the scenario as it is, and a hypercube puts one point in each stratum", "[sweep]")
{
  TempDir dir;
  const auto oat = run_bordersim({"sweep", kMmc, "--vary", kLanes + "=4,5", "--vary", "simulation.demand_scale=0.8..1", "--design", "oat",
                                  "--replications", "2", "--set", "simulation.horizon=200h", "--out", dir.file("oat"), "--quiet"});
  REQUIRE(oat.exit_code == 0);
  const auto oat_design = read_csv(dir.file("oat/design.csv"));
  REQUIRE(oat_design.size() == (1 + 2 + 3) * 2);
  CHECK(oat_design[0].at("value") == "3"); // the scenario's own lane count, at the base point
  CHECK(oat_design[1].at("value") == "1");
  const auto swing = select(read_csv(dir.file("oat/sensitivity.csv")), {{"metric", "wait_mean_min"}, {"key", kLanes}});
  REQUIRE(swing.size() == 1);
  CHECK(number(swing[0], "effect") < 0); // from 4 lanes to 5 the wait falls

  const auto lhs = run_bordersim({"sweep", kMmc, "--vary", "simulation.demand_scale=0.5..0.9", "--vary", "classes.car.length_m=4..8",
                                  "--design", "lhs:5", "--replications", "2", "--set", "simulation.horizon=150h", "--out",
                                  dir.file("lhs"), "--quiet"});
  REQUIRE(lhs.exit_code == 0);
  const auto lhs_design = read_csv(dir.file("lhs/design.csv"));
  REQUIRE(lhs_design.size() == 10);
  std::set<int> strata;
  for (const auto& row : select(lhs_design, {{"key", "simulation.demand_scale"}}))
    strata.insert(static_cast<int>(std::floor((number(row, "value") - 0.5) / 0.4 * 5)));
  CHECK(strata == std::set<int>{0, 1, 2, 3, 4});
  CHECK_FALSE(std::filesystem::exists(dir.file("lhs/sensitivity.csv")));
}

namespace {

const std::vector<std::string> kShardedSweep{"sweep", kMmc, "--vary", kLanes + "=3..5", "--vary", "simulation.demand_scale=0.8,0.9",
                                             "--design", "morris:3", "--replications", "2", "--set", "simulation.horizon=300h",
                                             "--quiet", "--jobs", "1"};



void check_same_outputs(const std::string& a, const std::string& b)
{
  for (const char* file : {"design.csv", "sweep.csv", "sensitivity.csv", "effective_config.yaml"}) {
    INFO(file);
    CHECK(read_text(a + "/" + file) == read_text(b + "/" + file));
  }
}

} // namespace

TEST_CASE("sweep shards: two run at once, then merged, give byte-identical files to one machine with --jobs 1", "[sweep][shards]")
{
  TempDir dir;
  REQUIRE(run_bordersim(plus(kShardedSweep, {"--out", dir.file("one")})).exit_code == 0);
  BordersimProcess first(plus(kShardedSweep, {"--shard", "1/2", "--work", dir.file("work")}));
  BordersimProcess second(plus(kShardedSweep, {"--shard", "2/2", "--work", dir.file("work")}));
  REQUIRE(first.wait(300).exit_code == 0);
  REQUIRE(second.wait(300).exit_code == 0);
  CHECK(parts_done(dir.file("work")) == 9 * 2); // 3 trajectories of 3 points, 2 replications
  // A sweep reports key metrics only: its workers leave no time series (nothing would read them).
  std::size_t series = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.file("work")))
    if (entry.path().filename().string().starts_with("timeseries")) ++series;
  CHECK(series == 0);
  const auto merged = run_bordersim({"merge", dir.file("work"), "--out", dir.file("merged"), "--quiet"});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  check_same_outputs(dir.file("one"), dir.file("merged"));
  // Another sweep may not share the folder; a merge with tasks missing says how many.
  const auto other = run_bordersim(plus(kShardedSweep, {"--shard", "1/2", "--work", dir.file("work"), "--set", "simulation.seed=4"}));
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("holds the parts of another sweep") != std::string::npos);
  const auto half = run_bordersim(plus(kShardedSweep, {"--shard", "1/2", "--work", dir.file("half")}));
  REQUIRE(half.exit_code == 0);
  const auto incomplete = run_bordersim({"merge", dir.file("half"), "--out", dir.file("never")});
  CHECK(incomplete.exit_code == 1);
  CHECK(incomplete.err.find("9 of 18 tasks are not done") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("never")));
}

TEST_CASE("sweep shards under mpirun: the rank and size come from the launcher's environment", "[sweep][shards]")
{
  // OpenMPI from Debian (openmpi-bin, installed by .ci/install-deps test). bordersim does not link MPI: it reads the
  // OMPI_COMM_WORLD_RANK and _SIZE that mpirun exports. Root needs --allow-run-as-root, two cores --oversubscribe.
  REQUIRE(std::filesystem::exists("/usr/bin/mpirun"));
  TempDir dir;
  REQUIRE(run_bordersim(plus(kShardedSweep, {"--out", dir.file("one")})).exit_code == 0);
  std::string command = "/usr/bin/mpirun --allow-run-as-root --oversubscribe -np 2 " + std::string(BORDERSIM_BINARY);
  for (const auto& a : plus(kShardedSweep, {"--shard-from-env", "--work", dir.file("work")})) command += " '" + a + "'";
  REQUIRE(std::system((command + " > " + dir.file("mpirun.log") + " 2>&1").c_str()) == 0);
  CHECK(parts_done(dir.file("work")) == 18);
  REQUIRE(run_bordersim({"merge", dir.file("work"), "--out", dir.file("merged"), "--quiet"}).exit_code == 0);
  check_same_outputs(dir.file("one"), dir.file("merged"));
  // Outside a launcher, --shard-from-env says what it looked for.
  const auto bare = run_bordersim(plus(kShardedSweep, {"--shard-from-env", "--work", dir.file("bare")}));
  CHECK(bare.exit_code == 2);
  CHECK(bare.err.find("no launcher's rank and size") != std::string::npos);
}

TEST_CASE("sweep shards: a shard killed half-way and rerun resumes, and the merge is byte-identical", "[sweep][shards]")
{
  TempDir dir;
  REQUIRE(run_bordersim(plus(kShardedSweep, {"--out", dir.file("one"), "--set", "simulation.horizon=3000h"})).exit_code == 0);
  const auto args = plus(kShardedSweep, {"--shard", "1/1", "--work", dir.file("work"), "--set", "simulation.horizon=3000h"});
  {
    BordersimProcess shard(args, true);
    // Kill the whole shard, workers and all, once some of its tasks are done and before all are.
    for (int i = 0; i < 6000 && parts_done(dir.file("work")) < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(-shard.pid(), SIGKILL);
    shard.wait(60);
  }
  const std::size_t before = parts_done(dir.file("work"));
  INFO(before << " tasks done when killed");
  CHECK(before >= 4);
  CHECK(before < 18);
  auto loud = args;
  std::erase(loud, std::string("--quiet")); // the shard says what it skips
  const auto resumed = run_bordersim(loud);
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find(std::to_string(before) + " done already") != std::string::npos);
  REQUIRE(run_bordersim({"merge", dir.file("work"), "--out", dir.file("merged"), "--quiet"}).exit_code == 0);
  check_same_outputs(dir.file("one"), dir.file("merged"));
}
