// A crossing (a pair of border posts) with its directions; each direction has demand and a route of stages.
#pragma once

#include <string>
#include <vector>

#include "models/demand.hpp"
#include "models/stage.hpp"

namespace bordersim {

struct Direction {
  std::string id;
  std::vector<DemandFlow> demand;
  std::vector<Stage> stages; // in the order a vehicle passes them
};

/// Where one figure of a crossing comes from.
struct Provenance {
  std::string key; // key path inside the crossing
  std::string status; // sourced, assumption or calibrated
  std::string source;
  std::string calibrated_to;
};

struct Crossing {
  std::string id;
  std::string name;
  std::vector<Direction> directions;
  std::vector<Provenance> provenance;

  int direction_index(const std::string& direction_id) const
  {
    for (std::size_t i = 0; i < directions.size(); ++i)
      if (directions[i].id == direction_id) return static_cast<int>(i);
    return -1;
  }
};

} // namespace bordersim
