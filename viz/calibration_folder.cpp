#include "viz/calibration_folder.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>

#include "models/formats/input_file.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"
#include "viz/results_folder.hpp"
#include "viz/sweep_folder.hpp"

namespace bordersim::viz {

namespace fs = std::filesystem;

namespace {

bool present(const fs::path& path) { return fs::exists(fs::symlink_status(path)); }

struct Columns {
  explicit Columns(const ResultsFileReader& r) : reader(r) {}
  const ResultsFileReader& reader;
  std::size_t operator[](const char* name) const { return *reader.column(name); } // every column of a closed file is there
};

/// The name calibrate wrote into calibrated.yaml's first line ("# 'NAME' calibrated by bordersim calibrate: ..."), if any.
std::string scenario_of(const std::string& dir)
{
  const std::string line = first_line_of(dir + "/" + output_file::calibrated_config);
  const std::string opening = "# '", closing = "' calibrated by bordersim calibrate";
  const auto to = line.rfind(closing);
  if (line.rfind(opening, 0) != 0 || to == std::string::npos || to < opening.size()) return {};
  return line.substr(opening.size(), to - opening.size());
}

/// `text` as a number in `unit`: its own number when it is written in that unit, else a duration converted to it
/// ("90s" in min is 1.5); nothing when it is neither.
std::optional<double> in_unit(const std::string& text, const std::string& unit)
{
  if (const auto x = number_with_unit(text); x && x->second == unit) return x->first;
  if (unit.empty()) return std::nullopt;
  const auto seconds = parse_duration_s(text), unit_s = parse_duration_s("1" + unit);
  if (!seconds || !unit_s || !(*unit_s > 0)) return std::nullopt;
  return *seconds / *unit_s;
}

void read_targets(const std::string& path, CalibrationFolder& out)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  const Columns col(reader);
  const auto& csv = reader.csv();
  std::vector<std::string> f;
  while (reader.next(f)) {
    CalibrationTarget t;
    t.id = f[col["target"]];
    if (std::any_of(out.targets.begin(), out.targets.end(), [&](const CalibrationTarget& x) { return x.id == t.id; }))
      throw csv.error_at(col["target"], "target: '" + t.id + "' appears twice");
    t.use = f[col["use"]];
    t.crossing = f[col["crossing"]];
    t.direction = f[col["direction"]];
    t.vehicle_class = f[col["class"]];
    t.stage = f[col["stage"]];
    if (t.vehicle_class.empty() == t.stage.empty())
      throw csv.error_at(col["class"], "class: a target's metric is a class's or a stage's: exactly one of class and stage is filled");
    t.metric = f[col["metric"]];
    t.unit = f[col["unit"]];
    t.window = f[col["window"]];
    t.scenario = f[col["scenario"]];
    t.observed = reader.number(col["observed"]);
    t.observed_low = reader.number(col["observed_low"]);
    t.observed_high = reader.number(col["observed_high"]);
    if (!std::isnan(t.observed)) {
      if (!std::isnan(t.observed_low) || !std::isnan(t.observed_high))
        throw csv.error_at(col[std::isnan(t.observed_low) ? "observed_high" : "observed_low"],
                           "observed: a value was observed, so there is no range; observed_low and observed_high are empty");
    } else {
      if (std::isnan(t.observed_low) || std::isnan(t.observed_high))
        throw csv.error_at(col[std::isnan(t.observed_low) ? "observed_low" : "observed_high"],
                           "observed: empty, so a range was observed; observed_low and observed_high are both needed");
      if (t.observed_low > t.observed_high)
        throw csv.error_at(col["observed_high"], "observed_high: '" + f[col["observed_high"]] + "' is below observed_low");
    }
    t.uncertainty = reader.number(col["uncertainty"]);
    t.discrepancy = reader.number(col["discrepancy"]);
    t.simulated = reader.number(col["simulated"]);
    t.simulated_ci95 = reader.number(col["simulated_ci95"]);
    t.standardized_error = reader.number(col["standardized_error"]);
    t.implausibility = reader.number(col["implausibility"]);
    t.ruled_out_share = reader.number(col["ruled_out_share"]);
    t.scenario_simulated = reader.number(col["scenario_simulated"]);
    t.scenario_simulated_ci95 = reader.number(col["scenario_simulated_ci95"]);
    t.scenario_implausibility = reader.number(col["scenario_implausibility"]);
    t.source = f[col["source"]];
    out.targets.push_back(std::move(t));
  }
  if (out.targets.empty()) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
}

void read_inputs(const std::string& path, CalibrationFolder& out)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  const Columns col(reader);
  const auto& csv = reader.csv();
  std::vector<std::string> f;
  while (reader.next(f)) {
    CalibrationInput p;
    p.key = f[col["key"]];
    if (std::any_of(out.inputs.begin(), out.inputs.end(), [&](const CalibrationInput& x) { return x.key == p.key; }))
      throw csv.error_at(col["key"], "key: '" + p.key + "' appears twice");
    p.scale = f[col["scale"]];
    p.low = f[col["low"]];
    p.high = f[col["high"]];
    p.scenario_value = f[col["scenario_value"]];
    p.plausible_low = f[col["plausible_low"]];
    p.plausible_high = f[col["plausible_high"]];
    p.identified = f[col["identified"]];
    p.calibrated = f[col["calibrated"]];
    p.source = f[col["source"]];
    const auto low = number_with_unit(p.low);
    if (!low) throw csv.error_at(col["low"], "low: '" + p.low + "' is not a number with an optional unit (3, 0.8, 12min)");
    p.unit = low->second;
    // Every other value of the key in the range's unit: where the report places it on the range.
    const auto number = [&](const char* column, const std::string& text) {
      if (text.empty()) return std::nan("");
      const auto x = in_unit(text, p.unit);
      if (!x) throw csv.error_at(col[column], std::string(column) + ": '" + text + "' is not a number in the range's unit" +
                                                  (p.unit.empty() ? " (none)" : " '" + p.unit + "'"));
      return *x;
    };
    p.low_number = low->first;
    p.high_number = number("high", p.high);
    if (!(p.low_number < p.high_number)) throw csv.error_at(col["high"], "high: '" + p.high + "' is not above low '" + p.low + "'");
    if (p.scale == "log" && !(p.low_number > 0)) throw csv.error_at(col["low"], "low: '" + p.low + "': a log scale needs a range above 0");
    p.scenario_number = number("scenario_value", p.scenario_value);
    p.plausible_low_number = number("plausible_low", p.plausible_low);
    p.plausible_high_number = number("plausible_high", p.plausible_high);
    if (std::isnan(p.plausible_low_number) != std::isnan(p.plausible_high_number))
      throw csv.error_at(col[std::isnan(p.plausible_low_number) ? "plausible_low" : "plausible_high"],
                         "plausible_low and plausible_high: both empty (no point plausible) or both filled");
    if (p.plausible_low_number > p.plausible_high_number)
      throw csv.error_at(col["plausible_high"], "plausible_high: '" + p.plausible_high + "' is below plausible_low '" + p.plausible_low + "'");
    p.calibrated_number = number("calibrated", p.calibrated);
    out.inputs.push_back(std::move(p));
  }
  if (out.inputs.empty()) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
}

/// The screen: every point lists calibration.csv's targets in its order, with one verdict; points from 0, in order.
void read_screen(const std::string& path, CalibrationFolder& out)
{
  ResultsFileReader reader(path, kMaxWholeCsvBytes);
  const Columns col(reader);
  const auto& csv = reader.csv();
  std::vector<std::string> f;
  long current = -1;
  std::size_t in_point = 0; // targets listed so far for the current point
  std::string verdict;      // the current point's
  while (reader.next(f)) {
    const auto point = static_cast<long>(reader.number(col["point"]));
    if (point != current) {
      if (current >= 0 && in_point < out.targets.size())
        throw csv.error_at(col["point"], "point " + std::to_string(current) + " lacks target '" + out.targets[in_point].id + "'");
      if (point != current + 1)
        throw csv.error_at(col["point"], "point: expected " + std::to_string(current + 1) + " (points are numbered from 0, in order), got " +
                                             f[col["point"]]);
      current = point;
      in_point = 0;
      verdict = f[col["plausible"]];
      out.plausible_points += verdict == "yes";
    } else if (f[col["plausible"]] != verdict) {
      throw csv.error_at(col["plausible"], "plausible: '" + f[col["plausible"]] + "', where an earlier row of point " + std::to_string(point) +
                                               " says '" + verdict + "' (the verdict is the point's)");
    }
    if (in_point >= out.targets.size())
      throw csv.error_at(col["target"], "target: point " + std::to_string(point) + " lists more targets than calibration.csv (" +
                                            std::to_string(out.targets.size()) + ")");
    const CalibrationTarget& t = out.targets[in_point];
    if (f[col["target"]] != t.id)
      throw csv.error_at(col["target"], "target: expected '" + t.id + "' (every point lists calibration.csv's targets, in its order), got '" +
                                            f[col["target"]] + "'");
    if (f[col["use"]] != t.use) throw csv.error_at(col["use"], "use: '" + f[col["use"]] + "', where calibration.csv says '" + t.use + "'");
    ++in_point;
  }
  if (current < 0) throw std::runtime_error(path + ":2:1: no rows after the header; the file is incomplete");
  if (in_point < out.targets.size())
    throw std::runtime_error(path + ":" + std::to_string(csv.line() + 1) + ":1: the file ends before point " + std::to_string(current) +
                             " lists target '" + out.targets[in_point].id + "'");
  out.screen_points = static_cast<std::size_t>(current) + 1;
}

} // namespace

bool is_calibration_folder(const std::string& dir)
{
  return present(dir + "/" + output_file::calibration) && present(dir + "/" + output_file::parameters) &&
         !present(dir + "/" + output_file::summary);
}

CalibrationFolder load_calibration_folder(const std::string& dir)
{
  CalibrationFolder out;
  out.dir = dir;
  read_targets(dir + "/" + output_file::calibration, out);
  read_inputs(dir + "/" + output_file::parameters, out);
  read_screen(dir + "/" + output_file::implausibility, out);
  out.scenario = scenario_of(dir);
  if (out.scenario.empty()) out.scenario = fs::path(dir).lexically_normal().filename().string();
  if (out.scenario.empty()) out.scenario = fs::path(dir).lexically_normal().parent_path().filename().string();
  return out;
}

} // namespace bordersim::viz
