// The rooms of sim/README.md, checked against every #include of sim/, models/ and viz/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Room {
  std::string prefix;                // files under it belong to the room (the longest prefix wins)
  std::vector<std::string> may_use;  // project include prefixes the room may name
};

// Lowest first; each room may use itself and what sim/README.md draws below it.
const std::vector<Room>& rooms()
{
  static const std::vector<Room> all{
      {"models/formats/", {"models/formats/"}},
      {"models/", {"models/"}},
      {"sim/output/", {"sim/output/", "models/", "version.hpp", "git_commit.hpp"}},
      {"sim/results/", {"sim/results/", "sim/output/", "models/"}},
      {"sim/engine/", {"sim/engine/", "sim/results/", "sim/output/", "models/"}},
      {"sim/app/", {"sim/", "models/", "viz/", "version.hpp", "git_commit.hpp"}},
      {"viz/", {"viz/", "models/formats/"}},
  };
  return all;
}

const Room* room_of(const std::string& path)
{
  const Room* best = nullptr;
  for (const auto& room : rooms())
    if (path.starts_with(room.prefix) && (!best || room.prefix.size() > best->prefix.size())) best = &room;
  return best;
}

struct Include {
  std::string file; // relative to the source root
  int line = 0;
  std::string target;
  bool quoted = false; // "project" rather than <system>
};

std::vector<Include> all_includes()
{
  const fs::path root(BORDERSIM_SOURCE_DIR);
  const std::regex include_line(R"(^\s*#\s*include\s*([<"])([^">]+)[">])");
  std::vector<Include> found;
  for (const char* top : {"sim", "models", "viz"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      const std::string relative = fs::relative(entry.path(), root).generic_string();
      std::ifstream in(entry.path());
      std::string text;
      int line = 0;
      while (std::getline(in, text)) {
        ++line;
        std::smatch m;
        if (std::regex_search(text, m, include_line)) found.push_back({relative, line, m[2].str(), m[1].str() == "\""});
      }
    }
  }
  return found;
}

bool starts_with_any(const std::string& text, const std::vector<std::string>& prefixes)
{
  for (const auto& p : prefixes)
    if (text.starts_with(p)) return true;
  return false;
}

} // namespace

TEST_CASE("Every project include runs down the rooms of sim/README.md", "[layering]")
{
  const auto includes = all_includes();
  REQUIRE(includes.size() > 100); // the scan found the tree
  std::vector<std::string> against;
  for (const auto& inc : includes) {
    if (!inc.quoted) continue;
    const Room* room = room_of(inc.file);
    if (!room) {
      against.push_back(inc.file + ": in no room");
      continue;
    }
    if (!starts_with_any(inc.target, room->may_use))
      against.push_back(inc.file + ":" + std::to_string(inc.line) + ": includes " + inc.target);
  }
  INFO([&] {
    std::string all;
    for (const auto& a : against) all += a + "\n";
    return all;
  }());
  CHECK(against.empty());
}

TEST_CASE("SimGrid is seen by its backend library alone, CLI11 and spdlog by the commands alone", "[layering]")
{
  std::vector<std::string> against;
  for (const auto& inc : all_includes()) {
    if (inc.quoted) continue;
    const std::string where = inc.file + ":" + std::to_string(inc.line) + ": includes " + inc.target;
    if (inc.target.starts_with("simgrid/") && inc.file != "sim/engine/simgrid_backend.cpp") against.push_back(where);
    if ((inc.target.starts_with("CLI/") || inc.target.starts_with("spdlog/")) && !inc.file.starts_with("sim/app/"))
      against.push_back(where);
  }
  INFO([&] {
    std::string all;
    for (const auto& a : against) all += a + "\n";
    return all;
  }());
  CHECK(against.empty());
}

TEST_CASE("The room check itself rejects an include against the arrows", "[layering]")
{
  // The rule table, applied to includes that must be refused and allowed.
  const Room* output = room_of("sim/output/run_info.cpp");
  REQUIRE(output != nullptr);
  CHECK_FALSE(starts_with_any("sim/engine/clock.hpp", output->may_use));
  CHECK_FALSE(starts_with_any("sim/results/estimate.hpp", output->may_use));
  CHECK(starts_with_any("models/scenario.hpp", output->may_use));
  const Room* viz = room_of("viz/report.cpp");
  REQUIRE(viz != nullptr);
  CHECK_FALSE(starts_with_any("models/scenario.hpp", viz->may_use));
  CHECK(starts_with_any("models/formats/units.hpp", viz->may_use));
  const Room* formats = room_of("models/formats/units.cpp");
  REQUIRE(formats != nullptr);
  CHECK(formats->prefix == "models/formats/");
  CHECK_FALSE(starts_with_any("models/scenario.hpp", formats->may_use));
}

TEST_CASE("No test's name holds a semicolon, which CTest's discovery splits into two tests that never run", "[layering]")
{
  const fs::path root(BORDERSIM_SOURCE_DIR);
  const std::regex test_case(R"re(TEST_CASE\("([^"]*)")re");
  int names = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root / "tests")) {
    if (entry.path().extension() != ".cpp") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (!std::regex_search(line, m, test_case)) continue;
      ++names;
      INFO(entry.path().string() << ": " << m[1].str());
      CHECK(m[1].str().find(';') == std::string::npos);
    }
  }
  CHECK(names > 300); // the scan saw the suite
}
