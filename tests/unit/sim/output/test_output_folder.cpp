#include <catch2/catch.hpp>

#include <sys/stat.h>
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

/// A results folder as bordersim leaves it: the marker and the given files.
void write_results(const unit::ScratchDir& tmp, const std::string& folder, const std::vector<std::string>& files)
{
  tmp.write(folder + "/" + kResultsMarker, "marker");
  for (const auto& f : files) tmp.write(folder + "/" + f, "old " + f);
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
  CHECK(entries(dir) == std::vector<std::string>{kResultsMarker, "run_info.json", "summary.csv"});
  CHECK(unit::read_text(dir + "/run_info.json") == "{}");
  // A header and one row, each ending in CRLF.
  const std::string csv = unit::read_text(dir + "/summary.csv");
  CHECK(csv.rfind("scenario,crossing,direction,class,kind,replications,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 2);
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"}); // no staging folder or lock file left beside it
}

TEST_CASE("OutputFolder refuses a folder holding results unless forced", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "run", {"summary.csv"});
  CHECK_THROWS_AS(OutputFolder(tmp.file("run"), false), OutputRefused);
  CHECK_THROWS_WITH(OutputFolder(tmp.file("run"), false), Catch::Contains("already holds results") && Catch::Contains("--force"));
  // A comparison: results at the top and in each scenario's folder, every one marked.
  write_results(tmp, "cmp", {"comparison.csv"});
  write_results(tmp, "cmp/current", {"stages.csv"});
  CHECK_THROWS_WITH(OutputFolder(tmp.file("cmp"), false), Catch::Contains("already holds results"));
  CHECK_NOTHROW(OutputFolder(tmp.file("cmp"), true));
  // An empty folder is as good as a new one.
  fs::create_directories(tmp.file("empty"));
  CHECK_NOTHROW(OutputFolder(tmp.file("empty"), false));
  // A file where the folder should be is refused even with force.
  tmp.write("plain", "x");
  CHECK_THROWS_WITH(OutputFolder(tmp.file("plain"), true), Catch::Contains("is not a folder"));
  CHECK_NOTHROW(OutputFolder(tmp.file("run"), true));
  // Every refused or abandoned attempt has cleaned up its staging folder and its lock file.
  CHECK(entries(tmp.path()) == std::vector<std::string>{"cmp", "empty", "plain", "run"});
}

TEST_CASE("OutputFolder refuses, even with force, a folder holding anything bordersim did not write", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("notes/readme.txt", "mine");  // the user's folder
  tmp.write("deep/a/b/summary.csv", "x"); // results-like names, but not bordersim's folder
  tmp.write("legacy/summary.csv", "old"); // results without the marker (an earlier version, or the user's)
  write_results(tmp, "mixed", {"summary.csv"});
  tmp.write("mixed/notes.txt", "mine"); // bordersim's results with the user's file dropped in
  write_results(tmp, "cmp", {"comparison.csv"});
  tmp.write("cmp/a/summary.csv", "a"); // a scenario folder without its marker
  write_results(tmp, "linked", {"summary.csv"});
  fs::create_symlink(tmp.file("notes/readme.txt"), tmp.file("linked/stages.csv")); // a link is never bordersim's
  write_results(tmp, "holder/run", {"summary.csv"}); // a folder of the user's holding a results folder
  for (const bool force : {false, true}) {
    CHECK_THROWS_WITH(OutputFolder(tmp.file("notes"), force),
                      Catch::Contains("bordersim did not write it") && Catch::Contains("readme.txt"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("deep"), force), Catch::Contains("bordersim did not write it"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("legacy"), force), Catch::Contains("without bordersim's marker"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("mixed"), force), Catch::Contains("'notes.txt', which bordersim did not write"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("cmp"), force), Catch::Contains("'a/'"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("linked"), force), Catch::Contains("stages.csv"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("holder"), force), Catch::Contains("bordersim did not write it (it holds 'run')"));
  }
  CHECK(unit::read_text(tmp.file("notes/readme.txt")) == "mine");
  CHECK(unit::read_text(tmp.file("mixed/notes.txt")) == "mine");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"cmp", "deep", "holder", "legacy", "linked", "mixed", "notes"});
}

TEST_CASE("OutputFolder::check_name: one safe folder name, or an error naming the reason", "[output_folder]")
{
  for (const std::string name : {"karasu-today", "reconstruction-2027", "a.b", "Қордай 2030", "x"})
    CHECK_NOTHROW(OutputFolder::check_name(name));
  CHECK_NOTHROW(OutputFolder::check_name(std::string(OutputFolder::kMaxNameBytes, 'n')));
  const std::vector<std::pair<std::string, std::string>> refused{
      {"", "empty"},
      {".", "relative"},
      {"..", "relative"},
      {"/", "'/'"},
      {"a/../../etc", "'/'"},
      {"/etc", "'/'"},
      {std::string("a\0b", 3), "control character"},
      {"two\nlines", "control character"},
      {"bell\x07", "control character"},
      {"del\x7f", "control character"},
      {".hidden", "hidden"},
      {".bordersim-results", "hidden"},
      {"summary.csv", "output file"},
      {std::string(OutputFolder::kMaxNameBytes + 1, 'n'), "longer than"},
  };
  for (const auto& [name, why] : refused) {
    INFO("name of " << name.size() << " bytes");
    CHECK_THROWS_AS(OutputFolder::check_name(name), OutputRefused);
    CHECK_THROWS_WITH(OutputFolder::check_name(name), Catch::Contains(why) && Catch::Contains("cannot name a results folder"));
  }
  // Control characters are shown, not sent to the terminal.
  CHECK_THROWS_WITH(OutputFolder::check_name("two\nlines"), Catch::Contains("two\\x0alines"));
}

TEST_CASE("OutputFolder keeps every file it is given inside its staging folder", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("parent/sentinel.txt", "keep");
  tmp.write("sentinel.txt", "keep");
  {
    OutputFolder out(tmp.file("parent/run"), true);
    // A scenario named "..", "/" or with a '/' reaches no file outside the staging folder.
    for (const std::string& name :
         std::vector<std::string>{"../summary.csv", "../../sentinel.txt", "/summary.csv", "//summary.csv", "a/../../x.csv",
                                  "./summary.csv", "a//summary.csv", std::string("a\0/summary.csv", 14), "tab\t/summary.csv"}) {
      INFO(name);
      CHECK_THROWS_AS(out.staged(name), OutputRefused);
      CHECK_THROWS_AS(out.write_text(name, "x"), OutputRefused);
      CHECK_THROWS_AS(out.write_csv<SummaryRow>(name, {}), OutputRefused);
    }
    CHECK(out.written().empty());
    // What is allowed: the folder itself, a file, a file in a subfolder, the subfolder.
    CHECK(out.staged("") == out.staging_dir());
    CHECK(out.staged("a/") == out.staging_dir() + "/a");
    CHECK(out.staged("a/summary.csv") == out.staging_dir() + "/a/summary.csv");
  }
  CHECK(entries(tmp.path()) == std::vector<std::string>{"parent", "sentinel.txt"});
  CHECK(entries(tmp.file("parent")) == std::vector<std::string>{"sentinel.txt"});
  CHECK(unit::read_text(tmp.file("sentinel.txt")) == "keep");
}

TEST_CASE("OutputFolder refuses paths it cannot use, before any work and without touching anything", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("file.txt", "mine");
  fs::create_symlink(tmp.file("nowhere"), tmp.file("dangling"));
  CHECK_THROWS_WITH(OutputFolder("/", true), Catch::Contains("root folder"));
  CHECK_THROWS_WITH(OutputFolder("//", true), Catch::Contains("root folder"));
  CHECK_THROWS_WITH(OutputFolder("/..", true), Catch::Contains("root folder"));
  CHECK_THROWS_AS(OutputFolder("", true), OutputRefused);
  CHECK_THROWS_WITH(OutputFolder(tmp.file("dangling"), true), Catch::Contains("symbolic link to nothing"));
  CHECK_THROWS_WITH(OutputFolder(tmp.file("file.txt/out"), true), Catch::Contains("Not a directory"));
  CHECK_THROWS_WITH(OutputFolder(tmp.file("file.txt/a/b/out"), true), Catch::Contains("Not a directory"));
  CHECK_THROWS_WITH(OutputFolder(tmp.file(std::string(OutputFolder::kMaxNameBytes + 1, 'n')), true),
                    Catch::Contains("longer than"));
  if (::geteuid() != 0) { // root writes anywhere: the read-only case under root is in test_output_safety.cpp (a read-only mount)
    fs::create_directories(tmp.file("ro"));
    fs::permissions(tmp.file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_WITH(OutputFolder(tmp.file("ro/out"), true), Catch::Contains("Permission denied"));
    fs::permissions(tmp.file("ro"), fs::perms::owner_all);
    fs::remove(tmp.file("ro"));
  }
  CHECK(fs::is_symlink(tmp.file("dangling")));
  CHECK_FALSE(fs::exists(tmp.file("nowhere")));
  CHECK(entries(tmp.path()) == std::vector<std::string>{"dangling", "file.txt"});
}

TEST_CASE("OutputFolder makes missing parent folders, and removes them again when the run fails", "[output_folder]")
{
  unit::ScratchDir tmp;
  {
    OutputFolder out(tmp.file("a/b/run"), false);
  }
  CHECK(entries(tmp.path()).empty());
  {
    OutputFolder out(tmp.file("a/b/run"), false);
    out.write_text("summary.csv", "new");
    out.commit();
  }
  CHECK(unit::read_text(tmp.file("a/b/run/summary.csv")) == "new");
}

TEST_CASE("OutputFolder follows a symbolic link to a folder", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "real", {"summary.csv"});
  fs::create_symlink(tmp.file("real"), tmp.file("link"));
  {
    OutputFolder out(tmp.file("link"), true);
    out.write_text("summary.csv", "new");
    out.commit();
  }
  CHECK(fs::is_symlink(tmp.file("link")));
  CHECK(unit::read_text(tmp.file("link/summary.csv")) == "new");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"link", "real"});
}

TEST_CASE("OutputFolder: a second writer of the same folder is refused while the first holds it", "[output_folder]")
{
  unit::ScratchDir tmp;
  {
    OutputFolder first(tmp.file("run"), false);
    CHECK(fs::exists(tmp.file(".run.lock")));
    // The lock is per open file, so a second OutputFolder in this process meets it as another run would.
    CHECK_THROWS_WITH(OutputFolder(tmp.file("run"), true), Catch::Contains("another bordersim run is writing"));
    CHECK_THROWS_WITH(OutputFolder(tmp.file("run/"), false), Catch::Contains("another bordersim run is writing"));
    CHECK_NOTHROW(OutputFolder(tmp.file("other"), false)); // another folder beside it is free
    first.write_text("summary.csv", "first");
    first.commit();
    CHECK(fs::is_directory(first.dir()));
  }
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "first");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"}); // the lock file goes with its holder
  CHECK_NOTHROW(OutputFolder(tmp.file("run"), true));
}

TEST_CASE("OutputFolder removes the staging folders of killed runs into the same place, and only those", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "run", {"summary.csv"});
  tmp.write(".run.partial-4194999/summary.csv", "killed");        // a killed run's
  tmp.write(".run.partial-12/.work/part", "killed");              // another
  tmp.write(".run.lock", "");                                     // its lock file (the lock itself died with it)
  tmp.write(".run.partial-1x/keep", "not a staging folder");      // not a process id
  tmp.write(".run.partial-5.partial-7/keep", "another folder's"); // the staging folder of ".run.partial-5"
  tmp.write(".runner.partial-3/keep", "another folder's");
  tmp.write("run.partial-3/keep", "not hidden: the user's");
  {
    OutputFolder out(tmp.file("run"), true);
    CHECK_FALSE(fs::exists(tmp.file(".run.partial-4194999")));
    CHECK_FALSE(fs::exists(tmp.file(".run.partial-12")));
  }
  CHECK(entries(tmp.path()) ==
        std::vector<std::string>{".run.partial-1x", ".run.partial-5.partial-7", ".runner.partial-3", "run", "run.partial-3"});
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary.csv");
}

TEST_CASE("OutputFolder puts back earlier results that a killed run had moved aside", "[output_folder]")
{
  // Where the file system cannot exchange two folders, commit moves the earlier results aside and then the new
  // ones in; a run killed between the two leaves them in .run.old-PID and no folder.
  unit::ScratchDir tmp;
  write_results(tmp, ".run.old-77", {"summary.csv"});
  CHECK_THROWS_WITH(OutputFolder(tmp.file("run"), false), Catch::Contains("already holds results"));
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary.csv");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("OutputFolder: a write that fails is an error naming the file and the system's reason", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "run", {"summary.csv"});
  {
    OutputFolder out(tmp.file("run"), true);
    // /dev/full takes the open and fails every write with ENOSPC, as a full disk does.
    for (const std::string name : {"stages.csv", "run_info.json", "timeseries.csv"})
      fs::create_symlink("/dev/full", out.staging_dir() + "/" + name);
    CHECK_THROWS_WITH(out.write_csv<StageRow>("stages.csv", {StageRow{}}),
                      Catch::Contains("stages.csv") && Catch::Contains("No space left on device"));
    CHECK_THROWS_WITH(out.write_text("run_info.json", std::string(10, 'x')),
                      Catch::Contains("run_info.json") && Catch::Contains("No space left on device"));
    const std::string part = tmp.write("part-0.csv", std::string(100000, 'x'));
    CHECK_THROWS_WITH(out.concatenate_csv<TimeseriesRow>("timeseries.csv", {part}, OutputFolder::Parts::remove),
                      Catch::Contains("timeseries.csv") && Catch::Contains("No space left on device"));
    fs::remove(part);
    CHECK(out.written().empty()); // nothing that failed is committed
  }
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary.csv");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("OutputFolder with force replaces the results at commit, not before", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "run", {"summary.csv", "vehicles.csv"}); // vehicles.csv: a known file the new run does not write
  tmp.write("sibling/sentinel.txt", "keep");
  OutputFolder out(tmp.file("run"), true);
  out.write_text("summary.csv", "new summary");
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary.csv");
  out.commit();
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "new summary");
  CHECK_FALSE(fs::exists(tmp.file("run/vehicles.csv"))); // stale results must not mix with the new ones
  CHECK(entries(tmp.file("run")) == std::vector<std::string>{kResultsMarker, "summary.csv"});
  CHECK(unit::read_text(tmp.file("sibling/sentinel.txt")) == "keep");
}

TEST_CASE("An OutputFolder dropped without commit leaves earlier results as they were", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "run", {"summary.csv"});
  std::string staging;
  {
    OutputFolder out(tmp.file("run"), true);
    staging = out.staging_dir();
    out.write_text("summary.csv", "half-finished");
    out.write_text("current/stages.csv", "half-finished");
    // The run fails here.
  }
  CHECK_FALSE(fs::exists(staging));
  CHECK(unit::read_text(tmp.file("run/summary.csv")) == "old summary.csv");
  CHECK(entries(tmp.file("run")) == std::vector<std::string>{kResultsMarker, "summary.csv"});
  CHECK(entries(tmp.path()) == std::vector<std::string>{"run"});
}

TEST_CASE("OutputFolder commits a comparison's scenario subfolders, each replaced whole", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "cmp", {"comparison.csv"});
  write_results(tmp, "cmp/a", {"summary.csv", "vehicles.csv"});
  OutputFolder out(tmp.file("cmp"), true);
  CHECK(out.staged("a/summary.csv") == out.staging_dir() + "/a/summary.csv");
  CHECK(fs::is_directory(out.staging_dir() + "/a")); // staged() makes the subfolder
  out.write_csv<SummaryRow>("a/summary.csv", {});
  out.write_text("b/summary.csv", "b");
  out.write_text("comparison.csv", "c");
  out.mark_written("b/report.html"); // marked but never written: skipped
  out.commit();
  CHECK(unit::read_text(tmp.file("cmp/a/summary.csv")).rfind("scenario,crossing,", 0) == 0);
  CHECK_FALSE(fs::exists(tmp.file("cmp/a/vehicles.csv")));
  CHECK(unit::read_text(tmp.file("cmp/b/summary.csv")) == "b");
  CHECK_FALSE(fs::exists(tmp.file("cmp/b/report.html")));
  // Every results folder carries the marker that a later --force looks for.
  CHECK(entries(tmp.file("cmp")) == std::vector<std::string>{kResultsMarker, "a", "b", "comparison.csv"});
  CHECK(entries(tmp.file("cmp/a")) == std::vector<std::string>{kResultsMarker, "summary.csv"});
  CHECK(entries(tmp.file("cmp/b")) == std::vector<std::string>{kResultsMarker, "summary.csv"});
}

TEST_CASE("OutputFolder::concatenate_csv: the Row's header, then the parts in order, parts removed", "[output_folder]")
{
  unit::ScratchDir tmp;
  const std::string p1 = tmp.write("part-1.csv", "one\r\n");
  const std::string p3 = tmp.write("part-3.csv", "three\r\n");
  OutputFolder out(tmp.file("run"), false);
  // part 2 was never written (a replication with nothing to report): skipped.
  out.concatenate_csv<BaselineRow>("replications.csv", {p1, tmp.file("part-2.csv"), p3}, OutputFolder::Parts::remove);
  CHECK_FALSE(fs::exists(p1));
  CHECK_FALSE(fs::exists(p3));
  out.commit();
  CHECK(unit::read_text(tmp.file("run/replications.csv")) ==
        "record,crossing,direction,class,stage,metric,value,ci95,replications\r\none\r\nthree\r\n");
}

TEST_CASE("OutputFolder::concatenate_csv from a user's work folder keeps the parts, so that a second merge gives the same", "[output_folder]")
{
  unit::ScratchDir tmp;
  const std::string p1 = tmp.write("work/part-1.csv", "one\r\n");
  for (const char* name : {"first", "second"}) {
    OutputFolder out(tmp.file(name), false);
    out.concatenate_csv<BaselineRow>("replications.csv", {p1}, OutputFolder::Parts::keep);
    out.commit();
    CHECK(fs::exists(p1));
    CHECK(unit::read_text(tmp.file(std::string(name) + "/replications.csv")) ==
          "record,crossing,direction,class,stage,metric,value,ci95,replications\r\none\r\n");
  }
}

// A forced comparison of {a, b} into a folder that held a comparison of {a, c} once kept c/ with its old
// summary.csv, which the report then showed beside a comparison.csv that does not mention it.
TEST_CASE("A forced comparison leaves no stale scenario folder behind", "[output_folder]")
{
  unit::ScratchDir tmp;
  write_results(tmp, "cmp", {"comparison.csv"});
  write_results(tmp, "cmp/a", {"summary.csv"});
  write_results(tmp, "cmp/c", {"summary.csv"});
  OutputFolder out(tmp.file("cmp"), true);
  out.write_text("comparison.csv", "new");
  out.write_text("a/summary.csv", "new");
  out.write_text("b/summary.csv", "new");
  out.commit();
  CHECK_FALSE(fs::exists(tmp.file("cmp/c/summary.csv")));
  CHECK(entries(tmp.file("cmp")) == std::vector<std::string>{kResultsMarker, "a", "b", "comparison.csv"});
}

TEST_CASE("OutputFolder commits only what was written: no work files, no part files", "[output_folder]")
{
  unit::ScratchDir tmp;
  OutputFolder out(tmp.file("run"), false);
  tmp.write(out.staging_dir().substr(tmp.path().size() + 1) + "/.work/timeseries.000000.part", "left over");
  tmp.write(out.staging_dir().substr(tmp.path().size() + 1) + "/a/.work/result.000000.bin", "left over");
  out.write_text("summary.csv", "s");
  out.write_text("a/summary.csv", "a");
  out.commit();
  CHECK(entries(tmp.file("run")) == std::vector<std::string>{kResultsMarker, "a", "summary.csv"});
  CHECK(entries(tmp.file("run/a")) == std::vector<std::string>{kResultsMarker, "summary.csv"});
}

TEST_CASE("FileReplacement: the file is replaced whole at commit, or not at all", "[output_folder]")
{
  unit::ScratchDir tmp;
  tmp.write("sentinel.txt", "keep");
  const std::string target = tmp.write("base.csv", "old");
  CHECK_THROWS_WITH(FileReplacement(target, false), Catch::Contains("exists") && Catch::Contains("--force"));
  CHECK_THROWS_WITH(FileReplacement(tmp.path(), true), Catch::Contains("is a folder"));
  CHECK_THROWS_WITH(FileReplacement(tmp.file("missing/base.csv"), true), Catch::Contains("No such file or directory"));
  CHECK_THROWS_WITH(FileReplacement(tmp.file("sentinel.txt/base.csv"), true), Catch::Contains("Not a directory"));
  {
    FileReplacement file(target, true);
    // Made at once (a place where it cannot be written is refused before any work), hidden beside the target.
    CHECK(file.staged() == tmp.file(".base.csv.partial-" + std::to_string(::getpid())));
    CHECK(fs::exists(file.staged()));
    std::ofstream(file.staged(), std::ios::binary) << "half";
    // The run fails here.
  }
  CHECK(unit::read_text(target) == "old");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"base.csv", "sentinel.txt"});
  {
    FileReplacement file(target, true);
    std::ofstream(file.staged(), std::ios::binary) << "new";
    file.commit();
  }
  CHECK(unit::read_text(target) == "new");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"base.csv", "sentinel.txt"});
  // A killed run's temporary file (its process is gone) is removed by the next one; a live one's is not.
  tmp.write(".base.csv.partial-4194999", "killed");
  tmp.write(".base.csv.partial-1", "init's: alive");
  {
    FileReplacement file(target, true);
  }
  CHECK(entries(tmp.path()) == std::vector<std::string>{".base.csv.partial-1", "base.csv", "sentinel.txt"});
}
