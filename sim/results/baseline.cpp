#include "sim/results/baseline.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
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

namespace {

/// A half-width more than this many times max(1, |value|) is refused. A 95% half-width is t * s / sqrt(n), with
/// t at most 12.71 (n = 2): a million times the value means replications that differ by about 1e5 times their
/// mean, a tolerance under which every change passes; real metrics stay far below (the network's are under 1).
constexpr double kMaxCiPerValue = 1e6;

/// A whole number written as plain digits, read exactly: "7", not "7.0", "+7", " 7" or "1e3".
std::optional<std::uint64_t> whole_number(const std::string& text)
{
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.front() < '0' || text.front() > '9' || ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

/// Reads the records of a baseline file and gathers every problem, each as "file:line:col: column: message".
class BaselineReader {
public:
  explicit BaselineReader(std::string path) : path_(std::move(path)) {}

  /// A problem at the field of `column`; `message` starts with what it is about ("ci95: ...", "seed: ...").
  void fail(const CsvRecord& r, const std::string& column, const std::string& message)
  {
    errors_ += (errors_.empty() ? "" : "\n") + path_ + ":" + r.where(column) + ": " + message;
  }
  void fail_file(const std::string& column, const std::string& message)
  {
    errors_ += (errors_.empty() ? "" : "\n") + path_ + ":1:1: " + column + ": " + message;
  }
  const std::string& errors() const { return errors_; }

  /// A finite number in `column`, or nothing (the problem noted).
  std::optional<double> finite(const CsvRecord& r, const std::string& column)
  {
    const std::string& text = r.at(column);
    if (const std::string problem = number_problem(text); !problem.empty()) {
      fail(r, column, column + ": " + problem);
      return std::nullopt;
    }
    return parse_number_exact(text);
  }

  /// An option given once: the second time is an error naming the first.
  bool first_time(const CsvRecord& r, const std::string& option)
  {
    const auto [it, fresh] = option_lines_.try_emplace(option, r.line);
    if (!fresh) fail(r, "value", option + ": given twice (first on line " + std::to_string(it->second) + ")");
    return fresh;
  }

private:
  std::string path_;
  std::string errors_;
  std::map<std::string, int> option_lines_;
};

} // namespace

Baseline read_baseline(const std::string& path)
{
  const auto records = read_csv_file(
      path, {"record", "crossing", "direction", "class", "metric", "value", "ci95", "replications"}, kMaxBaselineBytes);
  Baseline b;
  BaselineReader in(path);
  const CsvRecord* replications_record = nullptr;
  bool seed_given = false;
  std::vector<std::pair<const CsvRecord*, std::string>> metric_replications; // checked once the run's count is known
  std::set<std::string> metric_keys;
  for (const auto& r : records) {
    const std::string& record = r.at("record");
    const std::string& metric = r.at("metric");
    const std::string& value = r.at("value");
    if (record == "option") {
      if (metric != "set" && !in.first_time(r, metric)) continue;
      if (metric == "scenario") {
        b.options.scenario = value;
      } else if (metric == "horizon" || metric == "warmup") {
        const auto seconds = parse_duration_s(value);
        if (!seconds || !std::isfinite(*seconds) || *seconds < 0 || (metric == "horizon" && *seconds == 0))
          in.fail(r, "value", metric + ": '" + value + "' is not a duration such as 28d or 12h");
        (metric == "horizon" ? b.options.horizon : b.options.warmup) = value;
      } else if (metric == "replications") {
        const auto n = whole_number(value);
        if (!n || *n < 2 || *n > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
          in.fail(r, "value", "replications: '" + value + "' is not a whole number of at least 2");
        else b.options.replications = static_cast<int>(*n);
        replications_record = &r;
      } else if (metric == "seed") {
        // Read exactly over the whole range of a seed: no detour through a double.
        const auto seed = whole_number(value);
        if (!seed) in.fail(r, "value", "seed: '" + value + "' is not a whole number from 0 to 18446744073709551615");
        else b.options.seed = *seed;
        seed_given = true;
      } else if (metric == "set") {
        if (value.find('=') == std::string::npos || value.front() == '=')
          in.fail(r, "value", "set: '" + value + "' is not key.path=value");
        else b.options.sets.push_back(value);
      } else {
        in.fail(r, "metric",
                "metric: unknown option '" + metric + "'; valid: scenario, horizon, warmup, replications, seed, set");
      }
    } else if (record == "metric") {
      BaselineRow row{record, r.at("crossing"), r.at("direction"), r.at("class"), metric, value, {}, 0};
      for (const char* column : {"crossing", "direction", "class", "metric"})
        if (r.at(column).empty()) in.fail(r, column, std::string(column) + ": empty");
      if (!metric_keys.insert(row.crossing + "/" + row.direction + "/" + row.vehicle_class + "/" + metric).second)
        in.fail(r, "metric",
                "metric: '" + metric + "' of " + row.crossing + "/" + row.direction + "/" + row.vehicle_class + " given twice");
      const auto mean = in.finite(r, "value");
      if (!r.at("ci95").empty()) {
        if (const auto ci = in.finite(r, "ci95")) {
          if (*ci < 0) in.fail(r, "ci95", "ci95: " + r.at("ci95") + " is negative; a half-width is 0 or more");
          else if (mean && *ci > kMaxCiPerValue * std::max(1.0, std::fabs(*mean)))
            in.fail(r, "ci95",
                    "ci95: " + r.at("ci95") + " is more than 1e6 times the value (" + value +
                        "): no tolerance that wide checks anything");
          else row.ci95 = *ci;
        }
      }
      metric_replications.emplace_back(&r, r.at("replications"));
      b.metrics.push_back(std::move(row));
    } else {
      in.fail(r, "record", "record: unknown record '" + record + "'; valid: option, metric");
    }
  }
  if (b.options.horizon.empty()) in.fail_file("horizon", "the baseline has no horizon option");
  if (b.options.warmup.empty()) in.fail_file("warmup", "the baseline has no warmup option");
  if (!replications_record) in.fail_file("replications", "the baseline has no replications option");
  if (!seed_given) in.fail_file("seed", "the baseline has no seed option");
  // A metric's replications are those with a value: at least 1, at most the run's.
  const auto most = static_cast<std::uint64_t>(std::max(b.options.replications, 1));
  for (std::size_t i = 0; i < metric_replications.size(); ++i) {
    const auto& [r, text] = metric_replications[i];
    const auto n = whole_number(text);
    if (!n || *n < 1 || (b.options.replications >= 2 && *n > most))
      in.fail(*r, "replications", "replications: '" + text + "' is not a whole number from 1 to " + std::to_string(most));
    else b.metrics[i].replications = static_cast<std::int64_t>(*n);
  }
  if (!in.errors().empty()) throw std::runtime_error(in.errors());
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
