// Every scenario in configs/ validates and runs briefly.
#include <catch2/catch.hpp>

#include <filesystem>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {
/// A calibration's targets and parameters (configs/kz-kg/targets.yaml, params.yaml) are no scenarios: the network's
/// calibration test in test_calibrate.cpp reads them.
bool is_calibration_input(const std::filesystem::path& file)
{
  return file.filename() == "targets.yaml" || file.filename() == "params.yaml";
}
} // namespace

TEST_CASE("Every scenario in configs/ validates and runs briefly", "[configs]")
{
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path("configs")))
    if (entry.path().extension() == ".yaml" && entry.path().string().find("/baselines/") == std::string::npos &&
        !is_calibration_input(entry.path()))
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

TEST_CASE("One Karasu: the default scenario and the network give the same Karasu results for the same seed", "[configs]")
{
  TempDir dir;
  const std::vector<std::string> options{"--set", "simulation.horizon=7d", "--set", "simulation.warmup=1d", "--quiet", "--no-report"};
  auto run = [&](const std::string& config, const std::string& out) {
    std::vector<std::string> args{"run", source_path(config), "--out", dir.file(out)};
    args.insert(args.end(), options.begin(), options.end());
    const auto r = run_bordersim(args, 300);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  };
  run("configs/karasu-ak-tilek.yaml", "alone");
  run("configs/kz-kg/current.yaml", "network");
  for (const char* file : {"summary.csv", "stages.csv"}) {
    INFO(file);
    const auto alone = read_csv(dir.file(std::string("alone/") + file));
    const auto network = select(read_csv(dir.file(std::string("network/") + file)), {{"crossing", "karasu"}});
    REQUIRE(alone.size() == network.size());
    REQUIRE_FALSE(alone.empty());
    for (std::size_t i = 0; i < alone.size(); ++i) {
      CHECK(alone[i].at("scenario") == "karasu-today");
      for (const auto& [column, value] : alone[i]) {
        if (column == "scenario") continue;
        INFO(column << " of row " << i);
        CHECK(value == network[i].at(column));
      }
    }
  }
  // The only crossing it runs is Karasu.
  CHECK(select(read_csv(dir.file("alone/summary.csv")), {{"crossing", "karasu"}}).size() ==
        read_csv(dir.file("alone/summary.csv")).size());
}

TEST_CASE("only: an id that names no crossing is refused at its item", "[configs]")
{
  TempDir dir;
  const std::string file = dir.write("only.yaml", "extends: " + source_path("configs/kz-kg/current.yaml") +
                                                      "\nscenario: two\nonly: [karasu, karasuu]\n");
  const auto r = run_bordersim({"validate", file});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(file + ":3:16: only: 'karasuu' is not a crossing of the scenario; its crossings: kordai, karasu") !=
        std::string::npos);
}
