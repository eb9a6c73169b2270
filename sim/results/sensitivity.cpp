#include "sim/results/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/results/estimate.hpp"

namespace bordersim {
namespace {

/// The mean over replications of metric `key` at every point (NaN where a point lacks it).
std::vector<double> means_of(const MetricKey& key, const std::vector<std::vector<MetricSeries>>& point_metrics)
{
  std::vector<double> out;
  for (const auto& metrics : point_metrics) {
    const MetricSeries* m = find_metric(metrics, key);
    out.push_back(m ? estimate(m->per_replication).mean : std::nan(""));
  }
  return out;
}

SensitivityRow row_for(const char* design, const std::string& key, const MetricSeries& m)
{
  SensitivityRow row;
  row.design = design;
  row.key = key;
  row.crossing = m.key.crossing;
  row.direction = m.key.direction;
  row.vehicle_class = m.key.vehicle_class;
  row.stage = m.key.stage;
  row.kind = m.kind;
  row.metric = m.key.metric;
  row.unit = m.unit;
  return row;
}

/// Ranks the keys within each metric by the size of their effect, the largest 1; equal effects share a rank (keys
/// that do not move the metric at all share the last), rows without an effect come last.
void rank(std::vector<SensitivityRow>& rows, std::size_t keys)
{
  for (std::size_t first = 0; first < rows.size(); first += keys) {
    std::vector<std::size_t> order(std::min(keys, rows.size() - first));
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = first + i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double x = rows[a].effect ? std::fabs(*rows[a].effect) : -1, y = rows[b].effect ? std::fabs(*rows[b].effect) : -1;
      return x > y;
    });
    for (std::size_t r = 0; r < order.size(); ++r) {
      const auto& here = rows[order[r]].effect;
      const auto& before = r > 0 ? rows[order[r - 1]].effect : std::optional<double>();
      const bool tied = r > 0 && here.has_value() == before.has_value() && (!here || std::fabs(*here) == std::fabs(*before));
      rows[order[r]].rank = tied ? rows[order[r - 1]].rank : static_cast<std::int64_t>(r + 1);
    }
  }
}

std::optional<double> present(double x) { return std::isnan(x) ? std::nullopt : std::optional<double>(x); }

} // namespace

std::vector<SensitivityRow> morris_sensitivity(const std::vector<std::string>& keys, const std::vector<ElementaryStep>& steps,
                                               const std::vector<std::vector<MetricSeries>>& point_metrics)
{
  std::vector<SensitivityRow> rows;
  if (point_metrics.empty()) return rows;
  for (const MetricSeries& m : point_metrics.front()) {
    const std::vector<double> y = means_of(m.key, point_metrics);
    std::vector<std::vector<double>> effects(keys.size());
    for (const auto& s : steps) {
      const double e = (y[s.after] - y[s.before]) / s.moved_by;
      if (!std::isnan(e)) effects[static_cast<std::size_t>(s.key)].push_back(e);
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
      SensitivityRow row = row_for("morris", keys[k], m);
      const auto& e = effects[k];
      row.steps = static_cast<std::int64_t>(e.size());
      if (!e.empty()) {
        double sum = 0, sum_abs = 0;
        for (double x : e) {
          sum += x;
          sum_abs += std::fabs(x);
        }
        const double mean = sum / static_cast<double>(e.size());
        row.effect = sum_abs / static_cast<double>(e.size());
        row.mu = mean;
        if (e.size() > 1) {
          double ss = 0;
          for (double x : e) ss += (x - mean) * (x - mean);
          row.sigma = std::sqrt(ss / static_cast<double>(e.size() - 1));
        }
      }
      rows.push_back(std::move(row));
    }
  }
  rank(rows, keys.size());
  return rows;
}

std::vector<SensitivityRow> oat_sensitivity(const std::vector<std::string>& keys, const std::vector<KeyLevels>& levels,
                                            const std::vector<std::vector<MetricSeries>>& point_metrics)
{
  std::vector<SensitivityRow> rows;
  if (point_metrics.empty()) return rows;
  for (const MetricSeries& m : point_metrics.front()) {
    const std::vector<double> y = means_of(m.key, point_metrics);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      SensitivityRow row = row_for("oat", keys[k], m);
      for (const auto& l : levels) {
        if (static_cast<std::size_t>(l.key) != k || l.points.size() < 2) continue;
        row.effect = present(y[l.points.back()] - y[l.points.front()]);
        row.mu = row.effect;
        row.steps = static_cast<std::int64_t>(l.points.size() - 1);
      }
      rows.push_back(std::move(row));
    }
  }
  rank(rows, keys.size());
  return rows;
}

} // namespace bordersim
