#include "sim/app/capacity_search.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>

#include "models/capacity.hpp"
#include "models/formats/units.hpp"
#include "models/run_layout.hpp"
#include "sim/results/key_metrics.hpp"

namespace bordersim {
namespace {

bool selected_direction(const CapacityQuery& q, const Direction& d) { return q.direction.empty() || q.direction == d.id; }
/// Whether `f` is of `chosen` ("all" or empty: any class).
bool of_class(const std::string& chosen, const Scenario& s, const DemandFlow& f)
{
  return chosen.empty() || chosen == "all" || s.classes[static_cast<std::size_t>(f.class_index)].id == chosen;
}
/// The flows whose demand is scaled (--grow, else --class).
bool grows(const CapacityQuery& q, const Scenario& s, const DemandFlow& f)
{
  return of_class(q.grow_class.empty() ? q.vehicle_class : q.grow_class, s, f);
}
/// The flows whose p95 wait must meet the target (--judge, else --class).
bool judged(const CapacityQuery& q, const Scenario& s, const DemandFlow& f)
{
  return of_class(q.judge_class.empty() ? q.vehicle_class : q.judge_class, s, f);
}

const Crossing* find_crossing(const Scenario& s, const std::string& id)
{
  for (const auto& c : s.crossings)
    if (c.id == id) return &c;
  return nullptr;
}

std::size_t kind_slot(const Scenario& s, const DemandFlow& f)
{
  return static_cast<std::size_t>(s.classes[static_cast<std::size_t>(f.class_index)].kind);
}

/// `scenario` holds only the crossings linked to the one asked about (search_capacity's with_crossings).
CapacityPoint evaluate(const Scenario& linked, const CapacityQuery& q, double scale, const RunOptions& options,
                       const std::string& work_dir)
{
  Scenario scenario = linked;
  CapacityPoint point;
  point.scale = scale;
  for (auto& c : scenario.crossings) {
    if (c.id != q.crossing) continue;
    for (auto& d : c.directions) {
      if (!selected_direction(q, d)) continue;
      const DirectionCapacity dc = design_capacity(scenario, d);
      for (auto& f : d.demand) {
        if (!grows(q, scenario, f)) continue;
        f.scale *= scale;
        KindAmounts& k = point.by_kind[kind_slot(scenario, f)];
        k.present = true;
        k.demand_per_day += f.mean_rate_per_s * f.scale * scenario.simulation.demand_scale * kSecondsPerDay;
        if (dc.class_bottleneck[static_cast<std::size_t>(f.class_index)] >= 0)
          k.design_capacity_per_day += dc.class_per_day[static_cast<std::size_t>(f.class_index)];
      }
    }
  }
  std::filesystem::create_directories(work_dir);
  log_run_start(scenario, options);
  const auto results = run_replications(scenario, options.pool, work_dir);
  const auto metrics = key_metrics(RunLayout(scenario), results);
  std::array<std::vector<double>, 2> served;
  served.fill(std::vector<double>(results.size(), 0.0));
  point.meets = true;
  const RunLayout layout(scenario);
  const Crossing& crossing = *find_crossing(scenario, q.crossing);
  const int crossing_index = static_cast<int>(&crossing - scenario.crossings.data());
  double worst_upper = -1;
  for (std::size_t di = 0; di < crossing.directions.size(); ++di) {
    const Direction& d = crossing.directions[di];
    if (!selected_direction(q, d)) continue;
    const int route = layout.route_of(crossing_index, static_cast<int>(di));
    const DirectionCapacity dc = design_capacity(scenario, d);
    for (const auto& f : d.demand) {
      const bool grown = grows(q, scenario, f);
      const bool judge = judged(q, scenario, f);
      if (!grown && !judge) continue;
      const std::string& cls = scenario.classes[static_cast<std::size_t>(f.class_index)].id;
      const std::size_t kind = kind_slot(scenario, f);
      if (grown)
        for (const auto& r : results)
          point.by_kind[kind].arrived_per_day +=
              r.per_day(r.flows[layout.flow(route, f.class_index)].arrivals) / static_cast<double>(results.size());
      if (const MetricSeries* p95 = judge ? find_metric(metrics, {crossing.id, d.id, cls, "wait_p95_min", {}}) : nullptr) {
        const Estimate e = estimate(p95->per_replication);
        const double upper = e.mean + (std::isnan(e.ci95) ? 0 : e.ci95);
        point.p95_wait_min = std::max(point.p95_wait_min, e.mean);
        point.p95_wait_upper_min = std::max(point.p95_wait_upper_min, upper);
        point.meets = point.meets && !(upper > q.target_p95_wait_s / kSecondsPerMinute);
        if (upper > worst_upper) {
          worst_upper = upper;
          point.worst_flow = d.id + " " + cls;
          const int b = dc.class_bottleneck[static_cast<std::size_t>(f.class_index)];
          point.worst_bottleneck = b >= 0 ? d.stages[static_cast<std::size_t>(b)].id : std::string();
        }
      }
      if (const MetricSeries* s = grown ? find_metric(metrics, {crossing.id, d.id, cls, "served_per_day", {}}) : nullptr)
        for (std::size_t r = 0; r < results.size(); ++r) served[kind][r] += s->per_replication[r];
    }
  }
  std::string amounts;
  for (std::size_t k = 0; k < served.size(); ++k) {
    KindAmounts& a = point.by_kind[k];
    if (!a.present) continue;
    const Estimate e = estimate(served[k]);
    a.served_per_day = e.mean;
    a.served_ci95 = std::isnan(e.ci95) ? 0 : e.ci95;
    amounts += fmt::format("{}{:.1f} {} arrive a day, {:.1f} ± {:.1f} served", amounts.empty() ? "" : "; ", a.arrived_per_day,
                           kind_plural(static_cast<ClassKind>(k)), a.served_per_day, a.served_ci95);
  }
  spdlog::info("  scale {:7.4f}: {}; worst p95 wait {:.3g} min (upper {:.3g}, {}) {}", scale, amounts, point.p95_wait_min,
               point.p95_wait_upper_min, point.worst_flow, point.meets ? "meets the target" : "misses the target");
  return point;
}

} // namespace

std::string check_query(const Scenario& scenario, const CapacityQuery& q)
{
  const Crossing* crossing = find_crossing(scenario, q.crossing);
  if (!crossing) {
    std::string valid;
    for (const auto& c : scenario.crossings) valid += (valid.empty() ? "" : ", ") + c.id;
    return "--crossing: unknown crossing '" + q.crossing + "'; valid: " + valid;
  }
  if (!q.direction.empty() && crossing->direction_index(q.direction) < 0)
    return "--direction: crossing '" + q.crossing + "' has no direction '" + q.direction + "'";
  // Each class named must have demand at the crossing (in the direction asked about).
  for (const auto& [option, chosen] : {std::pair{"--class", q.vehicle_class}, {"--grow", q.grow_class}, {"--judge", q.judge_class}}) {
    if (chosen.empty() || chosen == "all") continue;
    bool any = false;
    for (const auto& d : crossing->directions)
      if (selected_direction(q, d))
        for (const auto& f : d.demand) any = any || of_class(chosen, scenario, f);
    if (!any) return std::string(option) + ": no demand of class '" + chosen + "' at crossing '" + q.crossing + "'";
  }
  if (!(q.target_p95_wait_s > 0)) return "--target-p95-wait: must be a positive duration such as 2h";
  return "";
}

CapacityResult search_capacity(const Scenario& scenario, const CapacityQuery& q, const RunOptions& options,
                               const std::string& work_dir)
{
  CapacityResult result;
  // Only the crossings that diversion links to the one asked about can change its results.
  const int asked = static_cast<int>(find_crossing(scenario, q.crossing) - scenario.crossings.data());
  const std::vector<int> kept = linked_crossings(scenario, asked);
  const Scenario linked = with_crossings(scenario, kept);
  for (const auto& c : linked.crossings) result.simulated_crossings.push_back(c.id);
  int step = 0;
  auto eval = [&](double scale) {
    result.evaluated.push_back(evaluate(linked, q, scale, options, work_dir + "/eval" + std::to_string(step++)));
    return result.evaluated.back();
  };
  // Bracket: a scale that meets the target (lo) and one that misses it (hi).
  std::optional<CapacityPoint> lo, hi;
  CapacityPoint p = eval(1.0);
  (p.meets ? lo : hi) = p;
  while (lo && !hi && lo->scale * 2 <= q.max_scale) {
    p = eval(lo->scale * 2);
    (p.meets ? lo : hi) = p;
  }
  while (hi && !lo && hi->scale / 2 >= 1.0 / 1024) {
    p = eval(hi->scale / 2);
    (p.meets ? lo : hi) = p;
  }
  while (lo && hi && hi->scale / lo->scale - 1 > q.precision) {
    p = eval(std::sqrt(lo->scale * hi->scale)); // geometric middle: scales span orders of magnitude
    (p.meets ? lo : hi) = p;
  }
  result.capacity = lo;
  result.first_failing = hi;
  return result;
}

} // namespace bordersim
