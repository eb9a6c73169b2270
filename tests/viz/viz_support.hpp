// Helpers of the viz tests: run programs with a time limit, make short runs, find (or install) Chromium and LibreOffice.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "models/formats/json_reader.hpp"

namespace bordersim::viztest {

struct Outcome {
  int exit_code = -1; // 124 when the time limit ended it
  std::string out, err;
};

/// Runs argv[0] (looked up in PATH) with no shell, stdin from /dev/null; kills its process group after `limit_s`.
Outcome run_program(const std::vector<std::string>& argv, int limit_s = 120);

/// Runs the built bordersim binary.
Outcome run_bordersim(const std::vector<std::string>& args);

/// The first of `names` found in PATH, or "".
std::string find_program(std::initializer_list<const char*> names);

/// As find_program; when missing, installs `package` with .ci/install-deps if this user may (root, or sudo without
/// a password), then looks again. "" when it is still missing.
std::string find_or_install(std::initializer_list<const char*> names, const std::string& package);

/// A fresh folder under /tmp, removed at the end.
class ScratchDir {
public:
  explicit ScratchDir(const std::string& tag);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

/// A short run (5 days, 1 day warm-up, 2 replications) of the Karasu scenario into `out_dir`; the X-ray scanner
/// works 08:00–20:00 so that closures appear. `extra` is appended to the command line. Fails the test on error.
void short_run(const std::string& out_dir, const std::vector<std::string>& extra = {});

/// `bordersim compare` of the Karasu scenario (reference "karasu-today") with a copy that has five entry windows
/// ("five-windows"), 5 days, 1 day warm-up, 2 replications, into `out_dir`. Fails the test on error.
void short_comparison(const std::string& out_dir, const std::vector<std::string>& extra = {});

/// The differences `bordersim compare` printed in its table, in its order, each as its first five words: crossing,
/// direction, class or "stage:<id>", metric, scenario.
std::vector<std::string> terminal_differences(const std::string& compare_stdout);

/// The M/M/3 example's booth lanes, as `--vary` takes the key.
inline constexpr const char* kSweepLanesKey = "crossings.test.directions.in.stages.booth.lanes.0.count";

/// `bordersim sweep` of the M/M/3 example (100 h, 2 replications) with `design_args` (the --vary and --design
/// options) into `out_dir`. Fails the test on error.
void short_sweep(const std::string& out_dir, const std::vector<std::string>& design_args);

/// An M/M/1 at utilisation 0.9 that starts empty (400 h, 10 replications, samples every 10 min) with the warm-up
/// `warmup` ("0s", "40h"), into `out_dir`: MSER-5 ends its start-up after a few hours. Fails the test on error.
void heavy_run(const std::string& out_dir, const std::string& warmup);

/// A short run (6 days, 1 day warm-up, 3 replications, about a second) of two small crossings, "x" (Crossing X) and
/// "y" (Crossing Y), into `out_dir`. With `mechanisms`, Crossing X has every mechanism of issue 11: a truck roster and
/// staff costs at its post, a scanner that breaks down, impatient trucks (patience, balk_queue_over) of which half
/// book slots (with no-shows), and impatient cars that stay home or divert to Crossing Y; without, the same
/// crossings with none of them. Fails the test on error.
void realism_run(const std::string& out_dir, bool mechanisms);

/// A hand-made run folder of one crossing ("x", directions "in" and "out") where people and vehicles cross:
/// summary.csv and stages.csv with their kind columns (a passport hall for people, vehicle lanes and an
/// inspection for vehicles), a timeseries.csv of 2 replications × 4 hourly samples in which stage s of
/// direction d, replication r, sample k holds queue_len = mixed_queue(d, s, r, k), a network.csv (crossing and
/// border rows per kind) and a wait_by_hour.csv (cars and trucks arrive from 06:00 only).
void write_mixed_run(const std::string& dir);
double mixed_queue(int direction, int stage, int replication, int sample);
inline constexpr const char* kMixedStages[] = {"passport", "lanes", "inspection"}; // the first for people

/// A provenance.csv with one row of each status (quoted fields with commas included).
void write_provenance(const std::string& run_dir);

/// The arguments of `bordersim calibrate` of an M/M/3-like crossing "test" (3 booths at direction in; 10 days, 3
/// replications) from a wrong start, into `out_dir`; its files are written beside it (`out_dir`.scenario.yaml,
/// .targets.yaml, .params.yaml). Inputs: the demand in (linear), the service time in (log, in min) and the service
/// time out, which no target sees; targets: served (served_per_day) and util (the booth's utilization) fitted, wait
/// (wait_mean_min, a range observed) held out. A few seconds: --points 8 --refine 6 --starts 1.
std::vector<std::string> calibration_command(const std::string& out_dir);

/// Runs calibration_command(`out_dir`) with `extra` appended. Fails the test on error.
void short_calibration(const std::string& out_dir, const std::vector<std::string>& extra = {});

/// A picture of the page opened at `hash` ("" or "#crossing=karasu"), saved in the build's tests/viz folder.
struct Screenshot {
  std::string name;
  std::string hash;
};

/// Opens `html` with #selftest (and `hash_params`, "&crossing=..."), checks the verdict and returns it; saves the
/// screenshots. Nothing when the browser cannot start at all (the caller then skips). `replay`: the page has one
/// (a sweep's has none). `dom`: where to keep the page as the self-test left it (on the crossing it opened on).
std::optional<std::string> check_in_browser(const std::string& html, const std::vector<Screenshot>& shots, std::size_t min_charts,
                                            int page_height_px, const std::string& hash_params = "", bool replay = true,
                                            std::string* dom = nullptr);

/// Nothing in the file may point outside it.
void check_self_contained(const std::string& html);

/// The page as Chromium leaves it once its script has run (no self-test).
std::string rendered_dom(const std::string& html);
/// The page's data island (`<script type="application/json" id="report-data">`), parsed.
bordersim::JsonValue data_island(const std::string& html);

/// The strings of the verdict's array `key` ("top_differences"), in order (a null as "").
std::vector<std::string> verdict_strings(const std::string& verdict, const std::string& key);

/// How often `what` occurs in `text`.
std::size_t count(const std::string& text, const std::string& what);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

/// Where tests leave files for people to look at (the build's tests/viz folder).
std::string artefact_dir();

} // namespace bordersim::viztest
