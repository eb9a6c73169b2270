// Practical capacity: the largest demand scale at which the p95 wait stays under a target, found by
// bisection over simulation runs that share their random numbers.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/app/scenario_run.hpp"

namespace bordersim {

struct CapacityQuery {
  std::string crossing;
  std::string direction;     // empty: every direction
  std::string vehicle_class; // empty: every class with demand
  std::string grow_class;    // the class whose demand grows: empty as vehicle_class, "all" every class
  std::string judge_class;   // the class whose p95 wait is judged: empty as vehicle_class, "all" every class
  double target_p95_wait_s = 0;
  double max_scale = 16;
  double precision = 0.02; // stop when the bracket is this narrow, relative
};

/// What the grown flows of one kind (vehicles or people) arrive and are served at: never added to the other kind.
struct KindAmounts {
  bool present = false;       // some grown flow is of this kind
  double demand_per_day = 0;  // at the point's scale: the nominal mean over the year
  double arrived_per_day = 0; // ... as they arrived in the run's window (season, weekdays and hours included)
  double served_per_day = 0;
  double served_ci95 = 0;
  double design_capacity_per_day = 0; // analytic, at the bottleneck of each flow
};

struct CapacityPoint {
  double scale = 0;
  double p95_wait_min = 0;       // the worst selected flow's mean p95 over replications
  double p95_wait_upper_min = 0; // ... and the upper end of its 95% interval
  bool meets = false;            // every selected flow's upper end is under the target
  std::array<KindAmounts, 2> by_kind; // [ClassKind]
  std::string worst_flow;        // "direction class", the selected flow with the longest upper p95 wait
  std::string worst_bottleneck;  // its design bottleneck stage
};

struct CapacityResult {
  std::vector<std::string> simulated_crossings; // the one asked about and those diversion links to it
  std::vector<CapacityPoint> evaluated;
  std::optional<CapacityPoint> capacity;      // the largest scale that meets the target
  std::optional<CapacityPoint> first_failing; // the smallest scale tried that misses it
};

/// Returns an error message for a query that does not fit the scenario, or "".
std::string check_query(const Scenario& scenario, const CapacityQuery& query);

CapacityResult search_capacity(const Scenario& scenario, const CapacityQuery& query, const RunOptions& options,
                               const std::string& work_dir);

} // namespace bordersim
