#include "sim/results/baseline.hpp"

#include <algorithm>
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
  auto option = [&](const char* name, const std::string& value) { rows.push_back({"option", "", "", "", "", name, value, {}, 0}); };
  option("scenario", options.scenario);
  option("horizon", options.horizon);
  option("warmup", options.warmup);
  option("replications", std::to_string(options.replications));
  option("seed", std::to_string(options.seed));
  for (const auto& set : options.sets) option("set", set);
  for (const auto& m : metrics) {
    const Estimate e = estimate(m.per_replication);
    if (e.n == 0) continue;
    BaselineRow row{"metric", m.key.crossing,  m.key.direction, m.key.vehicle_class, m.key.stage,
                    m.key.metric, format_number(e.mean, 10), {}, e.n};
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

MetricKey key_of(const BaselineRow& row) { return {row.crossing, row.direction, row.vehicle_class, row.metric, row.stage}; }

} // namespace

Baseline read_baseline(const std::string& path)
{
  const std::vector<std::string> columns{"record", "crossing", "direction", "class", "stage", "metric", "value", "ci95", "replications"};
  std::vector<CsvRecord> records;
  try {
    records = read_csv_file(path, columns, kMaxBaselineBytes);
  } catch (const std::runtime_error& e) {
    // Baselines from before stage metrics took their queues from each route's first stage only: remade, not read.
    if (std::string(e.what()).find("missing column 'stage'") == std::string::npos) throw;
    throw std::runtime_error(std::string(e.what()) + ": a baseline made before bordersim 0.2, whose queue metrics saw only "
                                                     "the first stage of each route; remake it with bordersim baseline");
  }
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
      BaselineRow row{record, r.at("crossing"), r.at("direction"), r.at("class"), r.at("stage"), metric, value, {}, 0};
      for (const char* column : {"crossing", "direction", "class", "metric"})
        if (r.at(column).empty()) in.fail(r, column, std::string(column) + ": empty");
      if (!metric_keys.insert(key_of(row).text()).second) in.fail(r, "metric", "metric: " + key_of(row).text() + " given twice");
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

CheckResult check_metrics(const Baseline& baseline, const std::vector<MetricSeries>& now, FailOn fail_on)
{
  CheckResult result;
  std::vector<MetricKey> in_baseline;
  for (const auto& row : baseline.metrics) {
    CheckResult::Line line;
    const MetricKey key = key_of(row);
    in_baseline.push_back(key);
    line.key = key.text();
    line.baseline = *parse_number(row.value);
    const MetricSeries* m = find_metric(now, key);
    const Estimate e = m ? estimate(m->per_replication) : Estimate{std::nan(""), std::nan(""), 0, std::nan("")};
    if (!m || e.n == 0) {
      line.verdict = CheckResult::Verdict::missing;
    } else {
      line.unit = m->unit;
      line.now = e.mean;
      const double ci_b = row.ci95.value_or(0);
      const double ci_n = std::isnan(e.ci95) ? 0 : e.ci95;
      // The floor only absorbs the 10 significant digits a baseline file keeps.
      line.tolerance = std::max(std::sqrt(ci_b * ci_b + ci_n * ci_n), 1e-8 * std::max(std::fabs(line.baseline), std::fabs(line.now)));
      const double change = line.now - line.baseline;
      if (std::fabs(change) <= line.tolerance) line.verdict = CheckResult::Verdict::same;
      else {
        const Better better = better_direction(row.metric);
        line.verdict = better == Better::neither                         ? CheckResult::Verdict::changed
                       : (change < 0) == (better == Better::lower) ? CheckResult::Verdict::better
                                                                         : CheckResult::Verdict::worse;
      }
    }
    result.lines.push_back(std::move(line));
  }
  // A crossing, stage or class the scenario has now and the baseline had not.
  for (const auto& m : now) {
    if (std::find(in_baseline.begin(), in_baseline.end(), m.key) != in_baseline.end()) continue;
    const Estimate e = estimate(m.per_replication);
    if (e.n == 0) continue; // no value now either: nothing appeared
    CheckResult::Line line;
    line.key = m.key.text();
    line.unit = m.unit;
    line.now = e.mean;
    line.verdict = CheckResult::Verdict::appeared;
    result.lines.push_back(std::move(line));
  }
  for (auto& line : result.lines) {
    line.fails = line.verdict == CheckResult::Verdict::missing || line.verdict == CheckResult::Verdict::appeared ||
                 line.verdict == CheckResult::Verdict::worse ||
                 (fail_on == FailOn::change && line.verdict != CheckResult::Verdict::same);
    result.failed += line.fails;
    result.changed += line.verdict != CheckResult::Verdict::same;
  }
  return result;
}

std::string_view verdict_name(CheckResult::Verdict verdict)
{
  switch (verdict) {
  case CheckResult::Verdict::same: return "same";
  case CheckResult::Verdict::better: return "better";
  case CheckResult::Verdict::worse: return "worse";
  case CheckResult::Verdict::changed: return "changed";
  case CheckResult::Verdict::missing: return "missing now";
  case CheckResult::Verdict::appeared: return "new";
  }
  return "";
}

std::string check_table(const CheckResult& result, FailOn fail_on)
{
  std::string out;
  char buffer[640];
  std::snprintf(buffer, sizeof buffer, "%-60s %14s %14s %14s %14s  %s\n", "metric (crossing/direction/class or stage:ID/metric)",
                "baseline", "now", "change", "tolerance", "verdict");
  out += buffer;
  const auto dash = std::string("-");
  for (const auto& l : result.lines) {
    if (l.verdict == CheckResult::Verdict::same) continue;
    const bool has_baseline = l.verdict != CheckResult::Verdict::appeared, has_now = l.verdict != CheckResult::Verdict::missing;
    const bool has_change = has_baseline && has_now;
    const std::string verdict = std::string(verdict_name(l.verdict)) + (l.fails ? "" : " (passes)");
    std::snprintf(buffer, sizeof buffer, "%-60s %14s %14s %14s %14s  %s %s\n", l.key.c_str(),
                  has_baseline ? format_number(l.baseline, 6).c_str() : dash.c_str(), has_now ? format_number(l.now, 6).c_str() : dash.c_str(),
                  has_change ? format_number(l.now - l.baseline, 4).c_str() : dash.c_str(),
                  has_change ? ("±" + format_number(l.tolerance, 3)).c_str() : dash.c_str(), verdict.c_str(), l.unit.c_str());
    out += buffer;
  }
  int count[6] = {};
  for (const auto& l : result.lines) ++count[static_cast<int>(l.verdict)];
  std::snprintf(buffer, sizeof buffer,
                "%d of %zu metrics moved beyond their tolerance: %d worse, %d better, %d changed (utilisation: neither better nor worse); "
                "%d missing now, %d new. --fail-on %s: %d fail the check\n",
                result.changed - count[static_cast<int>(CheckResult::Verdict::missing)] - count[static_cast<int>(CheckResult::Verdict::appeared)],
                result.lines.size(), count[static_cast<int>(CheckResult::Verdict::worse)],
                count[static_cast<int>(CheckResult::Verdict::better)], count[static_cast<int>(CheckResult::Verdict::changed)],
                count[static_cast<int>(CheckResult::Verdict::missing)], count[static_cast<int>(CheckResult::Verdict::appeared)],
                fail_on == FailOn::worse ? "worse" : "change", result.failed);
  out += buffer;
  return out;
}

} // namespace bordersim
