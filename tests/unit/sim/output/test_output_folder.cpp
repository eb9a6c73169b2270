#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "sim/output/output_folder.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;
namespace fs = std::filesystem;

namespace {
/// Entries directly in `dir`, by name, sorted (to see that no staging folder is left behind).
std::vector<std::string> entries(const std::string& dir)
{
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}
} // namespace

TEST_CASE("OutputFolder stages files beside the folder and moves them in at commit", "[output_folder]")
{
  unit::ScratchDir tmp;
  const std::string dir = tmp.file("run");
  {
    OutputFolder out(dir + "/", false); // a trailing slash names the same folder
    CHECK(out.dir() == dir);
    // The staging folder is a hidden sibling named after the folder and this process.
    CHECK(out.staging_dir() == tmp.file(".run.partial-" + std::to_string(::getpid())));
    CHECK(fs::is_directory(out.staging_dir()));
    out.write_text("run_info.json", "{}");
    out.write_csv<SummaryRow>("summary.csv", {SummaryRow{}});
    CHECK(fs::exists(out.staging_dir() + "/summary.csv"));
    CHECK_FALSE(fs::exists(dir)); // nothing in the folder before commit
    CHECK(out.written() == std::vector<std::string>{"run_info.json", "summary.csv"});
    out.commit();
    CHECK_FALSE(fs::exists(out.staging_dir()));
  }
  CHECK(entries(dir) == std::vector<std::string>{"run_info.json", "summary.csv"});
  CHECK(unit::read_text(dir + "/run_info.json") == "{}");
  // A header and one row, each ending in CRLF.
  const std::string csv = unit::read_text(dir + "/summary.csv");
  CHECK(csv.rfind("scenario,crossing,direction,class,replications,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 2);
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"}); // no staging folder left beside it
}

TEST_CASE("OutputFolder refuses a folder holding results unless forced", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("run/summary.csv", "old");
  CHECK_THROWS_AS(OutputFolder(tmp.file("run"), false), OutputRefused);
  CHECK_THROWS_WITH(OutputFolder(tmp.file("run"), false), Catch::Contains("already holds results") && Catch::Contains("--force"));
  // Results one level down: a comparison's scenario folder.
  tmp.write("cmp/current/stages.csv", "old");
  CHECK_THROWS_AS(OutputFolder(tmp.file("cmp"), false), OutputRefused);
  // Files that a run never writes do not count; neither do results two levels down.
  tmp.write("notes/readme.txt", "mine");
  tmp.write("deep/a/b/summary.csv", "old");
  CHECK_NOTHROW(OutputFolder(tmp.file("notes"), false));
  CHECK_NOTHROW(OutputFolder(tmp.file("deep"), false));
  // A file where the folder should be is refused even with force.
  tmp.write("plain", "x");
  CHECK_THROWS_AS(OutputFolder(tmp.file("plain"), true), OutputRefused);
  CHECK_NOTHROW(OutputFolder(tmp.file("run"), true));
  // Every refused or abandoned attempt has cleaned up its staging folder.
  CHECK(entries(tmp.path()) == std::vector<std::string>{"cmp", "deep", "notes", "plain", "run"});
}

TEST_CASE("OutputFolder with force replaces the results at commit, not before", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("run/summary.csv", "old summary");
  tmp.write("run/vehicles.csv", "old trace"); // a known file the new run does not write
  tmp.write("run/notes.txt", "mine");         // not a known file: left alone
  OutputFolder out(tmp.file("run"), true);
  out.write_text("summary.csv", "new summary");
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary");
  out.commit();
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "new summary");
  CHECK_FALSE(fs::exists(tmp.file("run/vehicles.csv"))); // stale results must not mix with the new ones
  CHECK(unit::read_text(tmp.file("run/notes.txt")) == "mine");
}

TEST_CASE("An OutputFolder dropped without commit leaves earlier results as they were", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("run/summary.csv", "old summary");
  std::string staging;
  {
    OutputFolder out(tmp.file("run"), true);
    staging = out.staging_dir();
    out.write_text("summary.csv", "half-finished");
    out.write_text("current/stages.csv", "half-finished");
    // The run fails here.
  }
  CHECK_FALSE(fs::exists(staging));
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary");
  CHECK(entries(tmp.file("run")) == std::vector<std::string>{"summary.csv"});
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("OutputFolder commits a comparison's scenario subfolders, each replaced whole", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("cmp/a/summary.csv", "old");
  tmp.write("cmp/a/leftover.txt", "old");
  OutputFolder out(tmp.file("cmp"), true);
  CHECK(out.staged("a/summary.csv") == out.staging_dir() + "/a/summary.csv");
  CHECK(fs::is_directory(out.staging_dir() + "/a")); // staged() makes the subfolder
  out.write_csv<SummaryRow>("a/summary.csv", {});
  out.write_text("b/summary.csv", "b");
  out.write_text("comparison.csv", "c");
  out.mark_written("b/report.html"); // marked but never written: skipped
  out.commit();
  CHECK(unit::read_text(tmp.file("cmp/a/summary.csv")).rfind("scenario,crossing,", 0) == 0);
  CHECK_FALSE(fs::exists(tmp.file("cmp/a/leftover.txt")));
  CHECK(unit::read_text(tmp.file("cmp/b/summary.csv")) == "b");
  CHECK_FALSE(fs::exists(tmp.file("cmp/b/report.html")));
  CHECK(entries(tmp.file("cmp")) == std::vector<std::string>{"a", "b", "comparison.csv"});
}

TEST_CASE("OutputFolder::concatenate_csv: the Row's header, then the parts in order, parts removed", "[output_folder]")
{
  unit::ScratchDir tmp;
  const std::string p1 = tmp.write("part-1.csv", "one\r\n");
  const std::string p3 = tmp.write("part-3.csv", "three\r\n");
  OutputFolder out(tmp.file("run"), false);
  // part 2 was never written (a replication with nothing to report): skipped.
  out.concatenate_csv<BaselineRow>("replications.csv", {p1, tmp.file("part-2.csv"), p3});
  CHECK_FALSE(fs::exists(p1));
  CHECK_FALSE(fs::exists(p3));
  out.commit();
  CHECK(unit::read_text(tmp.file("run/replications.csv")) ==
        "record,crossing,direction,class,metric,value,ci95,replications\r\none\r\nthree\r\n");
}

// BUG (reported, not fixed): commit() replaces only the subfolders the new run writes. A forced comparison
// of {a, b} into a folder that held a comparison of {a, c} keeps c/ with its old summary.csv, and the
// report (viz::load_results_folder reads every subfolder holding a summary.csv) then shows scenario c
// beside a comparison.csv that does not mention it. Remove [!shouldfail] once stale results subfolders go.
TEST_CASE("A forced comparison leaves no stale scenario folder behind", "[output_folder][!shouldfail]")
{
  unit::ScratchDir tmp;
  tmp.write("cmp/comparison.csv", "old");
  tmp.write("cmp/a/summary.csv", "old");
  tmp.write("cmp/c/summary.csv", "old");
  OutputFolder out(tmp.file("cmp"), true);
  out.write_text("comparison.csv", "new");
  out.write_text("a/summary.csv", "new");
  out.write_text("b/summary.csv", "new");
  out.commit();
  CHECK_FALSE(fs::exists(tmp.file("cmp/c/summary.csv")));
}
