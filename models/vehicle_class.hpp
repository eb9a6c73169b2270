// A vehicle class (truck, car, bus, pedestrian, ...) and the room it takes in a queue.
#pragma once

#include <string>

namespace bordersim {

struct VehicleClass {
  std::string id;
  double length_m = 0; // queue length per vehicle, gap to the next one included
};

} // namespace bordersim
