// A calibration's folder as the report reads it: calibration.csv, parameters.csv and implausibility.csv, checked
// against each other.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace bordersim::viz {

/// A row of calibration.csv: one observation target at the calibrated point. Numbers are NaN where the file
/// leaves the cell empty.
struct CalibrationTarget {
  std::string id, use; // use: "fit" or "holdout"
  std::string crossing, direction, vehicle_class, stage, metric, unit, window, scenario;
  double observed, observed_low, observed_high; // a value, or a range (low and high)
  double uncertainty, discrepancy;
  double simulated, simulated_ci95, standardized_error, implausibility, ruled_out_share;
  double scenario_simulated, scenario_simulated_ci95, scenario_implausibility; // the scenario as it is
  std::string source;
};

/// A row of parameters.csv: one calibrated input. The texts are as written ("12min"); the numbers are the same
/// values in the unit of the range's ends (NaN where the cell is empty).
struct CalibrationInput {
  std::string key, scale; // scale: "linear" or "log"
  std::string low, high, scenario_value, plausible_low, plausible_high, identified, calibrated, source;
  std::string unit; // the range's unit suffix ("min"; "" for plain numbers)
  double low_number, high_number, scenario_number, plausible_low_number, plausible_high_number, calibrated_number;
};

struct CalibrationFolder {
  std::string dir;
  std::string scenario; // from calibrated.yaml's first line, or the folder's name
  std::vector<CalibrationTarget> targets; // in calibration.csv's order
  std::vector<CalibrationInput> inputs;   // in parameters.csv's order
  std::size_t screen_points = 0;          // the points of implausibility.csv
  std::size_t plausible_points = 0;       // those whose verdict is plausible = yes
};

/// Whether `dir` holds a calibration's results: calibration.csv and parameters.csv, and no summary.csv.
bool is_calibration_folder(const std::string& dir);

/// Reads a calibration's folder strictly. Throws std::runtime_error "file:line:col: ..." when a file is malformed, a
/// figure out of its range, or the files disagree (a target of implausibility.csv that calibration.csv lacks, a
/// screen point without every target).
CalibrationFolder load_calibration_folder(const std::string& dir);

} // namespace bordersim::viz
