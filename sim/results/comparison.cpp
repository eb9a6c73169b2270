#include "sim/results/comparison.hpp"

#include <cmath>
#include <cstdio>

#include "models/formats/units.hpp"

namespace bordersim {
namespace {
std::optional<double> present(double x)
{
  if (std::isnan(x)) return std::nullopt;
  return x;
}
} // namespace

std::vector<ComparisonRow> compare_scenarios(const std::vector<ScenarioMetrics>& scenarios)
{
  // Every key that any scenario has, in the order they first appear.
  std::vector<const MetricSeries*> keys;
  for (const auto& s : scenarios)
    for (const auto& m : s.metrics) {
      bool known = false;
      for (const auto* k : keys) known = known || k->key == m.key;
      if (!known) keys.push_back(&m);
    }
  std::vector<ComparisonRow> rows;
  const auto& reference = scenarios.front();
  for (const auto* k : keys) {
    const MetricSeries* ref = find_metric(reference.metrics, k->key);
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      ComparisonRow row{k->key.crossing, k->key.direction, k->key.vehicle_class, k->key.metric, k->unit, scenarios[i].scenario,
                        {}, {}, {}, {}, {}};
      const MetricSeries* m = find_metric(scenarios[i].metrics, k->key);
      if (m) {
        const Estimate e = estimate(m->per_replication);
        row.value = present(e.mean);
        row.value_ci95 = present(e.ci95);
      }
      if (i > 0 && m && ref) {
        const Estimate d = paired_difference(ref->per_replication, m->per_replication);
        row.difference = present(d.mean);
        row.difference_ci95 = present(d.ci95);
        // Without an interval (one replication) only a difference of exactly 0 can be called: "no".
        if (row.difference && row.difference_ci95) row.significant = std::fabs(*row.difference) > *row.difference_ci95 ? "yes" : "no";
        else if (row.difference) row.significant = *row.difference == 0 ? "no" : "unknown";
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string comparison_table(const std::vector<ComparisonRow>& rows, std::size_t max_rows)
{
  auto num = [](const std::optional<double>& x) { return x ? format_number(*x, 4) : std::string("-"); };
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-12s %-10s %-10s %-22s %-22s %12s %24s\n", "crossing", "direction", "class", "metric", "scenario",
                "value", "difference (95% CI)");
  out += line;
  // compare_scenarios puts the reference scenario's row first in each key's rows.
  const std::string reference_scenario = rows.empty() ? std::string() : rows.front().scenario;
  std::size_t shown = 0, significant = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.significant != "yes") continue;
    ++significant;
    if (shown >= max_rows) continue;
    ++shown;
    const std::string diff = num(r.difference) + " ± " + num(r.difference_ci95);
    // The reference scenario's value (every difference is from it), so the change reads "from ... to ...".
    std::string reference = "-";
    for (std::size_t j = i; j-- > 0;)
      if (rows[j].scenario == reference_scenario && rows[j].metric == r.metric && rows[j].crossing == r.crossing &&
          rows[j].direction == r.direction && rows[j].vehicle_class == r.vehicle_class) {
        reference = num(rows[j].value);
        break;
      }
    std::snprintf(line, sizeof line, "%-12s %-10s %-10s %-22s %-22s %12s %24s   (from %s %s)\n", r.crossing.c_str(), r.direction.c_str(),
                  r.vehicle_class.c_str(), r.metric.c_str(), r.scenario.c_str(), num(r.value).c_str(), diff.c_str(),
                  reference.c_str(), r.unit.c_str());
    out += line;
  }
  std::size_t compared = 0;
  for (const auto& r : rows) compared += r.difference.has_value();
  std::snprintf(line, sizeof line, "%zu of %zu differences are significant at 95%%%s\n", significant, compared,
                significant > shown ? (", " + std::to_string(significant - shown) + " more in comparison.csv").c_str() : "");
  out += line;
  return out;
}

} // namespace bordersim
