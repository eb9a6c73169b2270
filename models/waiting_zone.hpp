// A waiting zone before a stage (a truck park before the post): the front of the stage's queue waits there, the
// rest on the road behind it.
#pragma once

#include <limits>

namespace bordersim {

/// The scenario key `stages[].waiting_zone`. It changes nothing of what happens (the stage's `queue_capacity`
/// still decides when upstream lanes block); it splits the vehicles waiting at the stage, in the order they
/// joined its queue, into those in the zone and those on the road. No vehicle overtakes into the zone: the first
/// one on the road moves in when it fits, and those behind it wait for it, even a shorter one that would fit.
struct WaitingZone {
  int capacity = std::numeric_limits<int>::max();                 // vehicles
  double capacity_m = std::numeric_limits<double>::infinity();   // metres of vehicles (class length_m)

  /// Whether `vehicles` taking `metres` fit in the zone together.
  bool holds(int vehicles, double metres) const { return vehicles <= capacity && metres <= capacity_m + 1e-9; }
};

} // namespace bordersim
