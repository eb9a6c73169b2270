// Replications to a precision (--target-precision): Law and Kelton's relative-precision procedure.
#include <catch2/catch.hpp>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

TEST_CASE("run --target-precision 5% on the M/M/3 example stops with the half-width under 5% of the mean", "[precision]")
{
  // 300 h replications of the M/M/3 at utilisation 0.9: three give a half-width of about 30% of the mean wait.
  TempDir dir;
  const auto r = run_bordersim({"run", source_path("configs/mmc-example.yaml"), "--replications", "3", "--set", "simulation.horizon=300h",
                                "--set", "simulation.warmup=20h", "--target-precision", "5%", "--out", dir.file("out"), "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  REQUIRE(summary.size() == 1);
  const double n = number(summary[0], "replications");
  INFO(n << " replications");
  CHECK(n > 3);
  CHECK(n < 100);
  CHECK(number(summary[0], "wait_mean_min_ci95") <= 0.05 * number(summary[0], "wait_mean_min"));
  CHECK(r.err.find("precision after " + std::to_string(static_cast<int>(n)) + " replications: the widest 95% half-width is") !=
        std::string::npos);
  // The effective configuration says how many ran, and replays them to the same numbers.
  CHECK(read_text(dir.file("out/effective_config.yaml")).find("replications: " + std::to_string(static_cast<int>(n))) != std::string::npos);
  const auto again = run_bordersim({"run", dir.file("out/effective_config.yaml"), "--out", dir.file("again"), "--no-report", "--quiet"});
  REQUIRE(again.exit_code == 0);
  CHECK(read_text(dir.file("again/summary.csv")) == read_text(dir.file("out/summary.csv")));
}

TEST_CASE("run --target-precision stops at --max-replications and says what it did not reach", "[precision]")
{
  TempDir dir;
  const auto r = run_bordersim({"run", source_path("configs/mmc-example.yaml"), "--replications", "2", "--set", "simulation.horizon=200h",
                                "--set", "simulation.warmup=20h", "--target-precision", "0.1%", "--max-replications", "4", "--out",
                                dir.file("out"), "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(number(read_csv(dir.file("out/summary.csv"))[0], "replications") == 4);
  CHECK(r.err.find("is not reached within --max-replications 4: test/in/car/wait_mean_min needs about") != std::string::npos);
  const auto bad = run_bordersim({"run", source_path("configs/mmc-example.yaml"), "--target-precision", "150%"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("is not a precision such as 5% or 0.05") != std::string::npos);
}

TEST_CASE("sweep --target-precision gives every point the same replications until every point's wait is known to it", "[precision][sweep]")
{
  TempDir dir;
  const std::vector<std::string> args{"sweep", source_path("configs/mmc-example.yaml"), "--vary",
                                      "crossings.test.directions.in.stages.booth.lanes.0.count=3,4", "--replications", "2", "--set",
                                      "simulation.horizon=300h", "--set", "simulation.warmup=20h", "--target-precision", "10%", "--quiet"};
  auto run = args;
  run.insert(run.end(), {"--out", dir.file("out")});
  const auto r = run_bordersim(run);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto waits = select(read_csv(dir.file("out/sweep.csv")), {{"metric", "wait_mean_min"}});
  REQUIRE(waits.size() == 2);
  for (const auto& w : waits) {
    INFO("point " << w.at("point"));
    CHECK(number(w, "ci95") <= 0.10 * number(w, "mean"));
    CHECK(number(w, "replications") > 2);
    CHECK(w.at("replications") == waits[0].at("replications")); // common random numbers: the same replications everywhere
  }
  CHECK(read_text(dir.file("out/effective_config.yaml")).find("replications: " + waits[0].at("replications")) != std::string::npos);
  auto sharded = args;
  sharded.insert(sharded.end(), {"--shard", "1/2", "--work", dir.file("work")});
  const auto refused = run_bordersim(sharded);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--target-precision works without --work") != std::string::npos);
}

TEST_CASE("compare --target-precision adds the same replications to every scenario until each one's wait is known to it", "[precision]")
{
  // The M/M/3 at utilisation 0.9 against the same at 0.81 (demand 0.9): the busier one needs the more replications,
  // and both get them, so that the differences keep common random numbers.
  TempDir dir;
  const auto r = run_bordersim({"compare", source_path("configs/mmc-example.yaml"), source_path("configs/mmc-example.yaml"), "--variant",
                                "2:simulation.demand_scale=0.9", "--replications", "3", "--set", "simulation.horizon=300h", "--set",
                                "simulation.warmup=20h", "--target-precision", "5%", "--out", dir.file("out"), "--no-report"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto busy = read_csv(dir.file("out/mmc-example/summary.csv"));
  const auto calm = read_csv(dir.file("out/mmc-example-variant-2/summary.csv"));
  REQUIRE(busy.size() == 1);
  REQUIRE(calm.size() == 1);
  const double n = number(busy[0], "replications");
  INFO(n << " replications");
  CHECK(n > 3);
  CHECK(number(calm[0], "replications") == n);
  for (const auto* row : {&busy[0], &calm[0]}) CHECK(number(*row, "wait_mean_min_ci95") <= 0.05 * number(*row, "wait_mean_min"));
  CHECK(r.err.find("replications per scenario: the widest 95% half-width is") != std::string::npos);
  for (const char* scenario : {"mmc-example", "mmc-example-variant-2"})
    CHECK(read_text(dir.file(std::string("out/") + scenario + "/effective_config.yaml")).find("replications: " + std::to_string(static_cast<int>(n))) !=
          std::string::npos);
}
