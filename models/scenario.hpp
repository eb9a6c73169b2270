// A whole scenario: simulation settings, vehicle classes and crossings, validated and ready to run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/calendar.hpp"
#include "models/crossing.hpp"
#include "models/vehicle_class.hpp"

namespace bordersim {

struct SimulationSettings {
  double horizon_s = 0;
  double warmup_s = 0;
  int replications = 1;
  std::uint64_t seed = 1;
  double demand_scale = 1.0;
  double sample_interval_s = 3600;
  SimCalendar calendar;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_file;
  SimulationSettings simulation;
  std::vector<VehicleClass> classes;
  std::vector<Crossing> crossings;
  std::vector<Provenance> provenance; // scenario-wide figures (simulation.*)

  int class_index(const std::string& id) const
  {
    for (std::size_t i = 0; i < classes.size(); ++i)
      if (classes[i].id == id) return static_cast<int>(i);
    return -1;
  }
};

/// The crossings that diversion links to `crossing`, directly or through others, `crossing` itself included, in
/// file order: the only ones whose traffic can change its results.
std::vector<int> linked_crossings(const Scenario& scenario, int crossing);
/// A copy of `scenario` with only the crossings `kept` (indices in file order), their alternatives renumbered.
/// Every alternative of a kept crossing must point to a kept one (as linked_crossings gives). Random streams are
/// named by ids, so the kept crossings draw the same numbers as in the whole scenario.
Scenario with_crossings(const Scenario& scenario, const std::vector<int>& kept);

} // namespace bordersim
