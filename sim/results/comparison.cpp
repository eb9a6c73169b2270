#include "sim/results/comparison.hpp"

#include <algorithm>
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
      ComparisonRow row{k->key.crossing, k->key.direction, k->key.vehicle_class, k->key.stage, k->kind, k->key.metric, k->unit,
                        scenarios[i].scenario, {}, {}, {}, {}, {}};
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

std::vector<RankedDifference> ranked_differences(const std::vector<ComparisonRow>& rows)
{
  // compare_scenarios puts the reference scenario's row first among each key's rows.
  std::vector<RankedDifference> out;
  const std::string reference_scenario = rows.empty() ? std::string() : rows.front().scenario;
  const ComparisonRow* reference = nullptr;
  for (const auto& r : rows) {
    if (r.scenario == reference_scenario) reference = &r;
    if (!r.difference) continue;
    RankedDifference d{&r, reference && reference->value ? reference->value : std::nullopt, 0};
    const double from = d.reference_value ? std::fabs(*d.reference_value) : 0;
    d.relative = from > 0 ? std::fabs(*r.difference) / from : (*r.difference != 0 ? INFINITY : 0);
    out.push_back(d);
  }
  // Two changes that are the same share (a queue in vehicles and in km, where every vehicle has one length) can
  // differ in their last bits, in either order. Relative changes are compared to 7 significant digits, so that such
  // ties fall to the size of the difference, as the report ranks them from comparison.csv (viz rank_comparison).
  const auto rounded = [](double x) { return std::isfinite(x) && x > 0 ? std::stod(format_number(x, 7)) : x; };
  std::stable_sort(out.begin(), out.end(), [&](const RankedDifference& a, const RankedDifference& b) {
    const bool sa = a.row->significant == "yes", sb = b.row->significant == "yes";
    if (sa != sb) return sa;
    const double ra = rounded(a.relative), rb = rounded(b.relative);
    if (ra != rb) return ra > rb;
    return std::fabs(*a.row->difference) > std::fabs(*b.row->difference);
  });
  return out;
}

std::string comparison_table(const std::vector<ComparisonRow>& rows, std::size_t max_rows)
{
  auto num = [](const std::optional<double>& x) { return x ? format_number(*x, 4) : std::string("-"); };
  const auto ranked = ranked_differences(rows);
  std::size_t significant = 0;
  for (const auto& d : ranked) significant += d.row->significant == "yes";
  std::string out;
  char line[640];
  if (significant > 0) {
    std::snprintf(line, sizeof line, "%-12s %-10s %-24s %-22s %-22s %12s %12s %24s %9s\n", "crossing", "direction", "class or stage",
                  "metric", "scenario", "from", "to", "difference (95% CI)", "change");
    out += line;
  }
  std::size_t shown = 0;
  for (const auto& d : ranked) {
    if (shown >= std::min(max_rows, significant)) break;
    ++shown;
    const ComparisonRow& r = *d.row;
    const std::string what = r.stage.empty() ? r.vehicle_class : "stage:" + r.stage;
    const std::string diff = num(r.difference) + " ± " + num(r.difference_ci95);
    const std::string change = std::isinf(d.relative) ? std::string("from 0")
                                                      : (*r.difference < 0 ? "-" : "+") + format_number(100 * d.relative, 3) + "%";
    std::snprintf(line, sizeof line, "%-12s %-10s %-24s %-22s %-22s %12s %12s %24s %9s %s\n", r.crossing.c_str(), r.direction.c_str(),
                  what.c_str(), r.metric.c_str(), r.scenario.c_str(), num(d.reference_value).c_str(), num(r.value).c_str(), diff.c_str(),
                  change.c_str(), r.unit.c_str());
    out += line;
  }
  std::snprintf(line, sizeof line, "%zu of %zu differences are significant at 95%%%s\n", significant, ranked.size(),
                significant > shown ? (": the " + std::to_string(shown) + " largest relative changes are shown; all " +
                                       std::to_string(significant) + " are in comparison.csv (column significant) and the report")
                                          .c_str()
                                    : "");
  out += line;
  return out;
}

} // namespace bordersim
