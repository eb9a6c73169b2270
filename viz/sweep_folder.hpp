// A sweep's folder as the report reads it: design.csv, sweep.csv and sensitivity.csv, checked against each other.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bordersim::viz {

/// A varied key and the values the design gives it.
struct SweepKey {
  std::string key;
  std::vector<std::string> levels; // distinct values; ascending when numeric, else in the order design.csv first gives them
  bool numeric = false;            // every level a number, all with the same unit suffix ("3", "0.8", "2h")
  std::string unit;                // that suffix ("" for plain numbers)
  std::vector<double> level_values; // the numbers, when numeric
};

/// One key metric of one flow (or stage) at every point: a line of sweep.csv per point.
struct SweepSeries {
  std::string crossing, direction, vehicle_class, stage, kind, metric, unit;
  std::vector<double> mean, ci95; // by point; NaN where sweep.csv leaves the cell empty or has no row
};

/// A row of sensitivity.csv: one key's effect on one series.
struct SweepEffect {
  std::size_t key; // index in SweepFolder::keys
  double effect, mu, sigma; // NaN when empty
  int steps, rank;
};

struct SweepFolder {
  std::string dir;
  std::string scenario; // from effective_config.yaml's first line, or the folder's name
  /// "morris" or "oat" (sensitivity.csv says, or design.csv's trajectories), "grid" (every combination of the
  /// keys' levels, once each), else "lhs" (any other set of points).
  std::string design;
  std::size_t points = 0;
  int replications_min = 0, replications_max = 0;
  std::vector<SweepKey> keys;
  std::vector<std::vector<std::size_t>> level; // [point][key]: index into keys[key].levels
  std::vector<int> trajectory;                 // by point; -1 when design.csv leaves it empty
  std::vector<SweepSeries> series;             // in sweep.csv's order of first appearance
  std::vector<std::vector<SweepEffect>> effects; // by series: sensitivity.csv's rows, in rank order (none without it)
  /// For a grid: the point at each combination of levels, the first key's level varying slowest
  /// (index = ((l0 × n1) + l1) × n2 + l2 ...). Empty for other designs.
  std::vector<std::size_t> grid_points;
  bool has_sensitivity = false;
};

/// "2h" → (2, "h"); "0.8" → (0.8, ""); nothing for text that is not a number with an optional unit of letters.
std::optional<std::pair<double, std::string>> number_with_unit(const std::string& text);

/// The first line of a small text file a command wrote beside its results (to name the scenario): "" when it is not
/// there or cannot be read, since the name is a courtesy and the folder's name stands in.
std::string first_line_of(const std::string& path);

/// Whether `dir` holds a sweep's results: design.csv and sweep.csv, and no summary.csv.
bool is_sweep_folder(const std::string& dir);

/// Reads a sweep's folder strictly. Throws std::runtime_error "file:line:col: ..." when a file is malformed, a
/// figure out of its range, or the files disagree (a point of sweep.csv that design.csv lacks, a key of
/// sensitivity.csv that was not varied, a point without every key).
SweepFolder load_sweep_folder(const std::string& dir);

} // namespace bordersim::viz
