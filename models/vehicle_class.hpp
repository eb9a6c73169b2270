// A class of traffic (truck, car, bus, pedestrian, ...), whether it is vehicles or people, and the room it
// takes in a queue.
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
