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

struct Crossing {
  std::string id;
  std::string name;
  std::vector<Direction> directions;
};

} // namespace bordersim
