#include "viz/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "models/formats/json_writer.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"

namespace bordersim::viz {

namespace {

/// A table as {columns, rows}; a column whose every filled cell is a number is written as numbers, empty
/// cells as null ("not defined" in the CSV rules).
void write_table(JsonWriter& j, const CsvTable& table)
{
  std::vector<bool> numeric(table.header.size(), true);
  for (const auto& row : table.rows)
    for (std::size_t c = 0; c < row.size() && c < numeric.size(); ++c)
      if (numeric[c] && !row[c].empty() && !parse_number_exact(row[c])) numeric[c] = false;
  j.begin_object().key("columns").begin_array();
  for (const auto& name : table.header) j.value(name);
  j.end_array().key("rows").begin_array();
  for (const auto& row : table.rows) {
    j.begin_array();
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      const std::string& cell = c < row.size() ? row[c] : std::string();
      if (cell.empty()) j.null();
      else if (numeric[c]) j.value(*parse_number_exact(cell), 10);
      else j.value(cell);
    }
    j.end_array();
  }
  j.end_array().end_object();
}

void write_optional_table(JsonWriter& j, const char* key, const std::optional<CsvTable>& table)
{
  j.key(key);
  if (table) write_table(j, *table);
  else j.null();
}

void write_digest(JsonWriter& j, const TimeseriesDigest& d, const DigestLimits& limits)
{
  j.begin_object();
  j.key("samples").value(d.samples);
  j.key("replications").value(d.replications);
  j.key("interval_h").value(d.interval_h);
  j.key("queue_stride").value(d.queue_stride);
  j.key("max_points").value(limits.max_points);
  j.key("max_frames").value(limits.max_frames);
  j.key("queues").begin_array();
  for (const auto& q : d.queues) {
    j.begin_object();
    j.key("crossing").value(q.crossing).key("direction").value(q.direction).key("kind").value(q.kind);
    j.key("time_h").numbers(q.time_h, 8);
    j.key("mean").numbers(q.mean_waiting).key("min").numbers(q.min_waiting).key("max").numbers(q.max_waiting);
    j.key("mean_km").numbers(q.mean_km).key("min_km").numbers(q.min_km).key("max_km").numbers(q.max_km);
    j.key("closures").begin_array();
    for (const auto& c : q.closures)
      j.begin_object().key("stage").value(c.stage).key("from_h").value(c.from_h, 8).key("to_h").value(c.to_h, 8).end_object();
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.key("replay").begin_object();
  j.key("replication").value(d.replay.replication);
  j.key("stride").value(d.replay.stride);
  j.key("time_h").numbers(d.replay.time_h, 8);
  j.key("stages").begin_array();
  for (const auto& s : d.replay.stages) {
    j.begin_object();
    j.key("crossing").value(s.crossing).key("direction").value(s.direction).key("stage").value(s.stage).key("kind").value(s.kind);
    j.key("queue").numbers(s.queue_len).key("busy").numbers(s.busy_lanes).key("open").numbers(s.open_lanes);
    j.end_object();
  }
  j.end_array().end_object();
  j.end_object();
}

void write_run(JsonWriter& j, const ResultsFolder& folder, const RunFolder& run, const DigestLimits& limits)
{
  j.begin_object();
  j.key("scenario").value(run.scenario);
  const auto relative = std::filesystem::path(run.dir).lexically_relative(folder.dir).generic_string();
  j.key("folder").value(relative == "." ? std::string() : relative);
  j.key("info_source").value(run.description.source);
  j.key("info").begin_object();
  for (const auto& [key, value] : run.description.fields) j.key(key).value(value);
  j.end_object();
  j.key("names").begin_object();
  for (const auto& [key, value] : run.description.names) j.key(key).value(value);
  j.end_object();
  write_optional_table(j, "summary", run.summary);
  write_optional_table(j, "stages", run.stages);
  write_optional_table(j, "provenance", run.provenance);
  write_optional_table(j, "network", run.network);
  write_optional_table(j, "wait_by_hour", run.wait_by_hour);
  j.key("timeseries");
  if (run.has_timeseries) write_digest(j, digest_run_timeseries(run, limits), limits);
  else j.null();
  j.end_object();
}

/// A sweep as report.js draws it: keys and their levels, each point's levels, every series by point, the
/// effects in rank order as [key, effect, mu, sigma, steps, rank], and a grid's point per combination of levels.
void write_sweep(JsonWriter& j, const SweepFolder& s)
{
  j.begin_object();
  j.key("scenario").value(s.scenario);
  j.key("design").value(s.design);
  j.key("points").value(s.points);
  j.key("replications_min").value(s.replications_min);
  j.key("replications_max").value(s.replications_max);
  j.key("has_sensitivity").value(s.has_sensitivity);
  j.key("keys").begin_array();
  for (const auto& k : s.keys) {
    j.begin_object().key("key").value(k.key).key("levels").begin_array();
    for (const auto& l : k.levels) j.value(l);
    j.end_array().key("numeric").value(k.numeric).key("unit").value(k.unit);
    j.key("values").numbers(k.level_values, 10).end_object();
  }
  j.end_array();
  j.key("level").begin_array();
  for (const auto& levels : s.level) {
    j.begin_array();
    for (const auto l : levels) j.value(l);
    j.end_array();
  }
  j.end_array();
  j.key("trajectory").begin_array();
  for (const int t : s.trajectory) t < 0 ? j.null() : j.value(t);
  j.end_array();
  j.key("series").begin_array();
  for (std::size_t i = 0; i < s.series.size(); ++i) {
    const auto& x = s.series[i];
    j.begin_object();
    j.key("crossing").value(x.crossing).key("direction").value(x.direction).key("class").value(x.vehicle_class);
    j.key("stage").value(x.stage).key("kind").value(x.kind).key("metric").value(x.metric).key("unit").value(x.unit);
    j.key("mean").numbers(x.mean, 10).key("ci95").numbers(x.ci95, 10);
    j.key("effects").begin_array();
    for (const auto& e : s.effects[i]) {
      j.begin_array().value(e.key).value(e.effect, 10).value(e.mu, 10).value(e.sigma, 10).value(e.steps).value(e.rank).end_array();
    }
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.key("grid").begin_array();
  for (const auto p : s.grid_points) j.value(p);
  j.end_array();
  j.end_object();
}

/// A calibration as report.js draws it: each target of calibration.csv and each input of parameters.csv, with the
/// input's values also as numbers in its range's unit (null where the file's cell is empty), and the screen's count
/// of plausible points (implausibility.csv).
void write_calibration(JsonWriter& j, const CalibrationFolder& c)
{
  j.begin_object();
  j.key("scenario").value(c.scenario);
  j.key("screen_points").value(c.screen_points);
  j.key("plausible_points").value(c.plausible_points);
  const auto number = [&](const char* key, double v) {
    j.key(key);
    if (std::isnan(v)) j.null();
    else j.value(v, 10);
  };
  j.key("targets").begin_array();
  for (const auto& t : c.targets) {
    j.begin_object();
    j.key("target").value(t.id).key("use").value(t.use).key("crossing").value(t.crossing).key("direction").value(t.direction);
    j.key("class").value(t.vehicle_class).key("stage").value(t.stage).key("metric").value(t.metric).key("unit").value(t.unit);
    j.key("window").value(t.window).key("scenario").value(t.scenario);
    number("observed", t.observed);
    number("observed_low", t.observed_low);
    number("observed_high", t.observed_high);
    number("uncertainty", t.uncertainty);
    number("discrepancy", t.discrepancy);
    number("simulated", t.simulated);
    number("simulated_ci95", t.simulated_ci95);
    number("standardized_error", t.standardized_error);
    number("implausibility", t.implausibility);
    number("ruled_out_share", t.ruled_out_share);
    number("scenario_simulated", t.scenario_simulated);
    number("scenario_simulated_ci95", t.scenario_simulated_ci95);
    number("scenario_implausibility", t.scenario_implausibility);
    j.key("source").value(t.source);
    j.end_object();
  }
  j.end_array();
  j.key("parameters").begin_array();
  for (const auto& p : c.inputs) {
    j.begin_object();
    j.key("key").value(p.key).key("scale").value(p.scale).key("unit").value(p.unit);
    j.key("low").value(p.low).key("high").value(p.high).key("scenario_value").value(p.scenario_value);
    j.key("plausible_low").value(p.plausible_low).key("plausible_high").value(p.plausible_high).key("identified").value(p.identified);
    j.key("calibrated").value(p.calibrated);
    j.key("source").value(p.source);
    number("low_number", p.low_number);
    number("high_number", p.high_number);
    number("scenario_number", p.scenario_number);
    number("plausible_low_number", p.plausible_low_number);
    number("plausible_high_number", p.plausible_high_number);
    number("calibrated_number", p.calibrated_number);
    j.end_object();
  }
  j.end_array();
  j.end_object();
}

} // namespace

std::vector<RankedComparisonRow> rank_comparison(const CsvTable& comparison)
{
  // As sim/results/comparison.cpp: each key's rows begin with the reference scenario's (the file's first).
  std::vector<RankedComparisonRow> out;
  const std::string reference_scenario = comparison.rows.empty() ? std::string() : comparison.cell(0, "scenario");
  std::optional<std::size_t> reference;
  for (std::size_t r = 0; r < comparison.rows.size(); ++r) {
    if (comparison.cell(r, "scenario") == reference_scenario) reference = r;
    const auto difference = comparison.number(r, "difference");
    if (!difference) continue;
    const auto from_value = reference ? comparison.number(*reference, "value") : std::nullopt;
    const double from = from_value ? std::fabs(*from_value) : 0;
    const double relative = from > 0 ? std::fabs(*difference) / from : (*difference != 0 ? INFINITY : 0);
    out.push_back({r, reference, relative, comparison.cell(r, "significant") == "yes", std::fabs(*difference)});
  }
  // comparison.csv keeps 10 significant digits: two changes equal in the simulator (a queue in vehicles and in
  // km, where every vehicle has one length) differ in their last digits here. Relative changes are compared
  // to 7 digits, so that such ties fall to the size of the difference, as they do in the simulator.
  const auto rounded = [](double x) { return std::isfinite(x) && x > 0 ? std::stod(format_number(x, 7)) : x; };
  std::stable_sort(out.begin(), out.end(), [&](const RankedComparisonRow& a, const RankedComparisonRow& b) {
    if (a.significant != b.significant) return a.significant;
    const double ra = rounded(a.relative), rb = rounded(b.relative);
    if (ra != rb) return ra > rb;
    return a.size > b.size;
  });
  return out;
}

std::string report_data_json(const ResultsFolder& folder, const ReportOptions& options, const std::string& generated_utc,
                             const DigestLimits& limits)
{
  JsonWriter j;
  j.begin_object();
  j.key("generated_utc").value(generated_utc);
  j.key("p95_wait_threshold_h").value(options.p95_wait_threshold_h);
  j.key("utilization_threshold").value(options.utilization_threshold);
  write_optional_table(j, "comparison", folder.comparison);
  // The differences in the order `bordersim compare` prints them: [row, reference row or null, relative or
  // null for a change from 0].
  j.key("comparison_ranked");
  if (folder.comparison) {
    j.begin_array();
    for (const auto& d : rank_comparison(*folder.comparison)) {
      j.begin_array().value(d.row);
      if (d.reference_row) j.value(*d.reference_row);
      else j.null();
      if (std::isinf(d.relative)) j.null();
      else j.value(d.relative, 10);
      j.end_array();
    }
    j.end_array();
  } else {
    j.null();
  }
  j.key("runs").begin_array();
  for (const auto& run : folder.runs) write_run(j, folder, run, limits);
  j.end_array();
  j.key("sweep");
  if (folder.sweep) write_sweep(j, *folder.sweep);
  else j.null();
  j.key("calibration");
  if (folder.calibration) write_calibration(j, *folder.calibration);
  else j.null();
  j.end_object();
  return j.text();
}

} // namespace bordersim::viz
