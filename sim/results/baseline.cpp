#include "sim/results/baseline.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "models/formats/csv_reader.hpp"
#include "models/formats/units.hpp"

namespace bordersim {

std::vector<std::string> BaselineOptions::as_overrides() const
{
  std::vector<std::string> out = sets;
  out.push_back("simulation.horizon=" + horizon);
  out.push_back("simulation.warmup=" + warmup);
  out.push_back("simulation.replications=" + std::to_string(replications));
  out.push_back("simulation.seed=" + std::to_string(seed));
  return out;
}

std::vector<BaselineRow> baseline_rows(const BaselineOptions& options, const std::vector<MetricSeries>& metrics)
{
  std::vector<BaselineRow> rows;
  auto option = [&](const char* name, const std::string& value) { rows.push_back({"option", "", "", "", name, value, {}, 0}); };
  option("scenario", options.scenario);
  option("horizon", options.horizon);
  option("warmup", options.warmup);
  option("replications", std::to_string(options.replications));
  option("seed", std::to_string(options.seed));
  for (const auto& set : options.sets) option("set", set);
  for (const auto& m : metrics) {
    const Estimate e = estimate(m.per_replication);
    if (e.n == 0) continue;
    BaselineRow row{"metric", m.key.crossing, m.key.direction, m.key.vehicle_class, m.key.metric, format_number(e.mean, 10), {}, e.n};
    if (!std::isnan(e.ci95)) row.ci95 = e.ci95;
    rows.push_back(std::move(row));
  }
  return rows;
}

Baseline read_baseline(const std::string& path)
{
  const auto records =
      read_csv_file(path, {"record", "crossing", "direction", "class", "metric", "value", "ci95", "replications"});
  Baseline b;
  auto fail = [&](const CsvRecord& r, const std::string& message) {
    throw std::runtime_error(path + ":" + std::to_string(r.line) + ":1: " + message);
  };
  for (const auto& r : records) {
    const std::string& record = r.at("record");
    const std::string& metric = r.at("metric");
    const std::string& value = r.at("value");
    if (record == "option") {
      if (metric == "scenario") b.options.scenario = value;
      else if (metric == "horizon") b.options.horizon = value;
      else if (metric == "warmup") b.options.warmup = value;
      else if (metric == "replications") b.options.replications = static_cast<int>(parse_number(value).value_or(0));
      else if (metric == "seed") b.options.seed = static_cast<std::uint64_t>(parse_number(value).value_or(0));
      else if (metric == "set") b.options.sets.push_back(value);
      else fail(r, "unknown option '" + metric + "'; valid: scenario, horizon, warmup, replications, seed, set");
    } else if (record == "metric") {
      BaselineRow row{record, r.at("crossing"), r.at("direction"), r.at("class"), metric, value, {}, 0};
      if (!parse_number(value)) fail(r, "value '" + value + "' is not a number");
      if (!r.at("ci95").empty()) {
        auto ci = parse_number(r.at("ci95"));
        if (!ci) fail(r, "ci95 '" + r.at("ci95") + "' is not a number");
        row.ci95 = *ci;
      }
      row.replications = static_cast<std::int64_t>(parse_number(r.at("replications")).value_or(0));
      b.metrics.push_back(std::move(row));
    } else {
      fail(r, "unknown record '" + record + "'; valid: option, metric");
    }
  }
  if (b.options.horizon.empty() || b.options.warmup.empty() || b.options.replications < 2)
    throw std::runtime_error(path + ":1:1: the baseline lacks its run options (horizon, warmup, replications >= 2, seed)");
  return b;
}

CheckResult check_metrics(const Baseline& baseline, const std::vector<MetricSeries>& now)
{
  CheckResult result;
  for (const auto& row : baseline.metrics) {
    CheckResult::Line line;
    line.key = row.crossing + "/" + row.direction + "/" + row.vehicle_class + "/" + row.metric;
    line.baseline = *parse_number(row.value);
    const MetricSeries* m = find_metric(now, {row.crossing, row.direction, row.vehicle_class, row.metric});
    const Estimate e = m ? estimate(m->per_replication) : Estimate{std::nan(""), std::nan(""), 0};
    if (!m || e.n == 0) {
      line.missing = true;
      line.moved = true;
    } else {
      line.unit = m->unit;
      line.now = e.mean;
      const double ci_b = row.ci95.value_or(0);
      const double ci_n = std::isnan(e.ci95) ? 0 : e.ci95;
      // The floor only absorbs the 10 significant digits a baseline file keeps.
      line.tolerance = std::max(std::sqrt(ci_b * ci_b + ci_n * ci_n), 1e-8 * std::max(std::fabs(line.baseline), std::fabs(line.now)));
      line.moved = std::fabs(line.now - line.baseline) > line.tolerance;
    }
    result.moved += line.moved;
    result.lines.push_back(std::move(line));
  }
  return result;
}

std::string check_table(const CheckResult& result)
{
  std::string out;
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%-52s %14s %14s %14s %14s\n", "metric (crossing/direction/class/metric)", "baseline", "now",
                "change", "tolerance");
  out += buffer;
  for (const auto& l : result.lines) {
    if (!l.moved) continue;
    if (l.missing) {
      std::snprintf(buffer, sizeof buffer, "%-52s %14s %14s   missing now\n", l.key.c_str(), format_number(l.baseline, 6).c_str(), "-");
    } else {
      std::snprintf(buffer, sizeof buffer, "%-52s %14s %14s %14s %14s %s\n", l.key.c_str(), format_number(l.baseline, 6).c_str(),
                    format_number(l.now, 6).c_str(), format_number(l.now - l.baseline, 4).c_str(),
                    ("±" + format_number(l.tolerance, 3)).c_str(), l.unit.c_str());
    }
    out += buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%d of %zu metrics moved beyond their tolerance\n", result.moved, result.lines.size());
  out += buffer;
  return out;
}

} // namespace bordersim
