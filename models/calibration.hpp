// What a calibration fits and to what: the uncertain inputs with their plausible ranges (PARAMS.yaml), and the
// observations with their selectors, uncertainties and sources (TARGETS.yaml). See docs/calibration.md.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/config/diagnostics.hpp"

namespace bordersim {

/// An input the calibration may move: a scenario key path and its plausible range.
struct CalibrationParameter {
  std::string key;                 // as --set takes it
  std::string low_text, high_text; // as written: a number, or a number and a unit ("8min")
  bool log_scale = false;
  std::string source; // why this range
  SourceLocation where; // the item, for messages
  SourceLocation key_where;
};

enum class TargetUse { fit, holdout };

/// An observation: which metric of which flow or stage, over which dates of which scenario, and what was seen.
struct ObservationTarget {
  std::string id;
  std::string crossing, direction;
  std::string vehicle_class; // a class's metric, or ...
  std::string stage;         // ... a stage's (then vehicle_class is empty)
  std::string metric;
  std::optional<std::chrono::year_month_day> window_from, window_to; // inclusive dates; none: the scenario's own
  std::optional<int> hour_from, hour_to; // the hours of a day of arrival [from, to), whole hours; none: all day
  std::string scenario_file; // as resolved against TARGETS.yaml's folder; empty: the calibrated scenario itself
  std::optional<double> observed; // a value, or ...
  std::optional<double> observed_low, observed_high; // ... a range
  double uncertainty = 0;  // standard deviation of the observation, in the metric's unit
  double discrepancy = 0;  // standard deviation of the model discrepancy, in the metric's unit
  std::string source;
  TargetUse use = TargetUse::fit;
  SourceLocation where;
  std::map<std::string, SourceLocation> field_where; // each field's value, for messages about it
  /// Where `field` was written (the item when it was not).
  const SourceLocation& at(const std::string& field) const
  {
    const auto it = field_where.find(field);
    return it == field_where.end() ? where : it->second;
  }
  /// The window as text ("2025-10-01..2025-11-30", "07:00-10:00", or both joined by a space), or "" without one.
  std::string window_text() const;
  /// The dates alone, as window_text() writes them: what decides the runs a target needs.
  std::string dates_text() const;
};

/// Reads PARAMS.yaml: `parameters:` a list of {key, low, high, scale, source}. Errors go to `diagnostics`, located.
std::vector<CalibrationParameter> load_calibration_parameters(const std::string& path, Diagnostics& diagnostics);

/// Reads TARGETS.yaml: `targets:` a list of observations. Errors go to `diagnostics`, located.
std::vector<ObservationTarget> load_observation_targets(const std::string& path, Diagnostics& diagnostics);

} // namespace bordersim
