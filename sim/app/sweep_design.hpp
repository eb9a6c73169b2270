// The design of a sweep: which scenario keys vary over which values (--vary), and the points to run
// (--design grid | oat | lhs:N | morris:R). Pure: no file, no simulation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace bordersim {

/// One --vary: a key path as --set takes it, and its values: a list, or a numeric range.
struct VariedKey {
  std::string key;
  std::vector<std::string> values; // KEY=V1,V2,...: the values as written
  std::optional<double> low, high; // KEY=LO..HI
  std::string unit;                // the range's unit, written after both ends ("min" in 3min..6min)
  bool whole = false;              // the key takes whole numbers (a lane count): the range's values are rounded
  bool log_scale = false;          // positions run evenly in log(value) (a calibration's log-scale parameter)

  /// The value at position `u` in [0, 1] of the range, or of the list (its nearest item).
  std::string value_at(double u) const;
  /// The position in [0, 1] of a range's value as value_at writes it; nothing when `value` is not a number in the
  /// range's unit.
  std::optional<double> position_of(const std::string& value) const;
  /// The values of `levels` evenly spaced levels: the list itself, or the range's ends and between.
  std::vector<std::string> level_values(int levels) const;
};

/// Parses "KEY=V1,V2,..." or "KEY=LO..HI": the key, or why not.
std::variant<VariedKey, std::string> parse_vary(const std::string& text);

enum class DesignKind { grid, oat, lhs, morris };
struct Design {
  DesignKind kind = DesignKind::grid;
  int count = 0; // lhs: points; morris: trajectories
};
/// Parses "grid", "oat", "lhs:N" or "morris:R": the design, or why not.
std::variant<Design, std::string> parse_design(const std::string& text);
const char* design_name(DesignKind kind);

struct DesignPoint {
  std::vector<std::string> values; // per varied key; "" keeps the scenario's own value (the oat base point)
  int trajectory = -1;             // morris: which trajectory; -1 otherwise
  int moved_key = -1;              // morris: the key this point moved from the previous point; oat: the key varied
  double moved_by = 0;             // morris: by how much, in units of the key's range (its list's positions)
};

/// The points of `design` over `keys`. Ranges take `levels` levels in grid, oat and morris (a list, its own).
/// lhs and morris draw from a stream of `seed`, so the same command gives the same points.
std::vector<DesignPoint> make_design(const std::vector<VariedKey>& keys, const Design& design, int levels, std::uint64_t seed);

} // namespace bordersim
