// Every scenario in configs/ validates and runs briefly.
#include <catch2/catch.hpp>

#include <filesystem>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

TEST_CASE("Every scenario in configs/ validates and runs briefly", "[configs]")
{
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path("configs")))
    if (entry.path().extension() == ".yaml" && entry.path().string().find("/baselines/") == std::string::npos)
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 2);
  for (const auto& file : files) {
    INFO(file);
    const auto validated = run_bordersim({"validate", file, "--quiet"});
    INFO(validated.err);
    CHECK(validated.exit_code == 0);
    TempDir dir;
    const auto ran = run_bordersim({"run", file, "--out", dir.file("out"), "--quiet", "--replications", "2", "--set",
                                    "simulation.horizon=3d", "--set", "simulation.warmup=0s"});
    INFO(ran.err);
    CHECK(ran.exit_code == 0);
    CHECK(read_csv(dir.file("out/summary.csv")).size() >= 1);
  }
}
