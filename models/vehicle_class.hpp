// A class of traffic (truck, car, bus, pedestrian, ...), whether it is vehicles or people, the room it takes in a
// queue, and what an hour of its waiting costs in money, fuel and CO2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bordersim {

/// What a class counts: outputs never add people to vehicles, and a stage queues one kind only.
enum class ClassKind { vehicle, person };

struct VehicleClass {
  std::string id;
  double length_m = 0; // queue length per vehicle (or person), gap to the next one included
  ClassKind kind = ClassKind::vehicle;
  // What waiting costs: none where the scenario gives no rate (the class is then not costed, not costed at 0).
  std::optional<double> value_of_time_usd_per_hour;
  std::optional<double> idle_fuel_l_per_hour;
  std::optional<double> co2_kg_per_l;
};

/// "vehicle" or "person": the scenario key's and the output column's word.
constexpr std::string_view kind_name(ClassKind kind) { return kind == ClassKind::person ? "person" : "vehicle"; }
/// "vehicles" or "people": the unit of a count of the kind.
constexpr std::string_view kind_plural(ClassKind kind) { return kind == ClassKind::person ? "people" : "vehicles"; }
inline std::optional<ClassKind> parse_class_kind(std::string_view word)
{
  if (word == "vehicle") return ClassKind::vehicle;
  if (word == "person") return ClassKind::person;
  return std::nullopt;
}

} // namespace bordersim
