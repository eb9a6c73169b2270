// Start-up (docs/performance.md): the commands that do not simulate never load SimGrid; one that simulates
// loads it once, in the parent, before the workers are forked; without the backend library, bordersim says so.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;
namespace fs = std::filesystem;

namespace {

/// bordersim run as `args`, with the files the dynamic linker loaded (LD_DEBUG=files), each once: every line
/// starts with the id of the process that loaded the file.
struct Traced {
  ProcessResult result;
  int pid = 0;
  std::vector<std::string> loads; // "PID:\tfile=NAME [0];  generating link map"
};

Traced traced(const std::vector<std::string>& args)
{
  TempDir logs;
  Traced t;
  {
    const EnvironmentSetTo debug("LD_DEBUG", "files");
    const EnvironmentSetTo output("LD_DEBUG_OUTPUT", logs.file("ld")); // ld.PID, from the process started
    BordersimProcess process(args);
    t.pid = process.pid();
    t.result = process.wait(120);
  }
  for (const auto& entry : fs::directory_iterator(logs.path())) {
    std::istringstream log(read_text(entry.path().string()));
    for (std::string line; std::getline(log, line);)
      if (line.find("generating link map") != std::string::npos) t.loads.push_back(line.substr(line.find_first_not_of(" \t")));
  }
  INFO("exit " << t.result.exit_code << ", stderr:\n" << t.result.err);
  REQUIRE(t.result.exit_code == 0);
  // The trace works: bordersim's own libraries are in it, so an absent SimGrid is absent, not unseen.
  bool saw_yaml_cpp = false;
  for (const auto& l : t.loads) saw_yaml_cpp = saw_yaml_cpp || l.find("file=libyaml-cpp") != std::string::npos;
  REQUIRE(saw_yaml_cpp);
  return t;
}

/// The lines that load `name` (a file name's start: "libsimgrid" also matches libsimgrid.so.3.32).
std::vector<std::string> loads_of(const Traced& t, const std::string& name)
{
  std::vector<std::string> found;
  for (const auto& l : t.loads) {
    const auto at = l.find("file=");
    const std::string file = l.substr(at + 5, l.find(' ', at) - at - 5);
    if (fs::path(file).filename().string().starts_with(name)) found.push_back(l);
  }
  return found;
}

} // namespace

TEST_CASE("Start-up: the commands that do not simulate never load SimGrid, and a run loads it once, in its own process",
          "[startup]")
{
  TempDir dir;
  const std::string small = dir.write("small.yaml", kSmallScenario);

  // A run with two workers: SimGrid, through the backend, is loaded by the parent alone, before it forks them.
  const Traced run = traced({"run", small, "--out", dir.file("out"), "--jobs", "2", "--quiet"});
  const auto backend = loads_of(run, "libbordersim_simgrid");
  const auto simgrid = loads_of(run, "libsimgrid");
  INFO([&] {
    std::string all;
    for (const auto& l : run.loads) all += l + "\n";
    return all;
  }());
  REQUIRE(backend.size() == 1);
  REQUIRE(simgrid.size() == 1);
  CHECK(backend.front().starts_with(std::to_string(run.pid) + ":"));
  CHECK(simgrid.front().starts_with(std::to_string(run.pid) + ":"));
  CHECK(read_text(dir.file("out/run_info.json")).find("\"simgrid_version\": \"3.") != std::string::npos);

  // The shard of a work folder simulates too; its merge does not.
  traced({"run", small, "--work", dir.file("work"), "--shard", "1/1", "--quiet"});
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--version"},
           {"--help"},
           {"schema"},
           {"validate", small, "--quiet"},
           {"report", dir.file("out"), "--quiet"},
           {"merge", dir.file("work"), "--out", dir.file("merged"), "--quiet"},
       }) {
    INFO(args.front());
    const Traced t = traced(args);
    CHECK(loads_of(t, "libsimgrid").empty());
    CHECK(loads_of(t, "libbordersim_simgrid").empty());
    CHECK(loads_of(t, "libns3").empty());
  }
  // The merge still says which SimGrid the runs were built with.
  CHECK(read_text(dir.file("merged/run_info.json")).find("\"simgrid_version\": \"3.") != std::string::npos);
}

TEST_CASE("Start-up: without its SimGrid library bordersim still starts, and a run fails saying so", "[startup]")
{
  TempDir dir;
  const std::string small = dir.write("small.yaml", kSmallScenario);
  // A copy of the program alone: the library is neither beside it nor in ../lib/.../bordersim/.
  const std::string alone = dir.file("bin/bordersim");
  fs::create_directories(dir.file("bin"));
  fs::copy_file(BORDERSIM_BINARY, alone);

  CHECK(run_bordersim_at(alone, {"--version"}).exit_code == 0);
  CHECK(run_bordersim_at(alone, {"validate", small, "--quiet"}).exit_code == 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"run", small, "--out", dir.file("out"), "--quiet"},
           {"--cfg=maxmin/precision:1e-5", "validate", small, "--quiet"},
       }) {
    INFO(args.front());
    const auto r = run_bordersim_at(alone, args);
    INFO("stderr:\n" << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("cannot load the simulation engine: libbordersim_simgrid.so is in neither " + dir.file("bin")) !=
          std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir.file("out")));

  // A file of that name that is no library: refused with the loader's reason, never a crash.
  dir.write("bin/libbordersim_simgrid.so", "not a library\n");
  const auto r = run_bordersim_at(alone, {"run", small, "--out", dir.file("out"), "--quiet"});
  INFO("stderr:\n" << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("cannot load the simulation engine: " + dir.file("bin/libbordersim_simgrid.so")) != std::string::npos);
}
