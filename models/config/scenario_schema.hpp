// The scenario schema, declared once: every key with its type, unit, default, bounds and help.
// The loader validates against it, the docs are generated from it, and `extends` merging reads
// list identities from it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "models/config/config_tree.hpp"
#include "models/config/diagnostics.hpp"

namespace bordersim {

enum class ValueKind {
  Id,   // a name used in key paths and outputs: see read_id
  Text, // free text of at most `length` characters
  Integer,
  Number,
  Duration,    // "90s", "4min", "1.5h", "2d"
  Probability, // number in [0, 1]
  Date,        // "YYYY-MM-DD"
  Moment,      // a duration after time zero ("30d") or a date and time ("2025-10-03 08:00")
  Boolean,     // true or false
  TextList,    // [a, b]
  TimeWindows, // ["08:00-20:00", ...], at most `length` of them
  DateRanges,  // ["11-01..03-31", ...], at most `length` of them
  Weights,     // list of numbers >= 0 of a fixed length
  Distribution,
  Map,      // fixed keys, declared below it
  ClassMap, // keys are vehicle class ids; the value kind is declared under "<pattern>.*"
  List,     // a list of maps, items declared under "<pattern>[]"
};

struct KeySpec {
  std::string_view pattern; // "crossings[].directions[].stages[].queue_capacity"; "*" stands for a class id
  ValueKind kind;
  std::string_view unit;          // "" when dimensionless
  std::string_view default_value; // written into the effective config when absent; "" for none
  std::string_view default_note;  // what absence means when there is no written default ("unbounded")
  std::optional<double> min;
  std::optional<double> max;
  bool required = false;
  bool min_exclusive = false;
  std::string_view identity_key = {}; // for List: which key names an item
  int length = 0;                     // Weights: exact number of values; Text: most characters; TimeWindows,
                                      // DateRanges: most entries
  std::string_view help = {};
};

std::span<const KeySpec> scenario_schema();
const KeySpec* find_key_spec(std::string_view pattern);
std::string_view identity_key_for(std::string_view list_pattern);
std::string_view value_kind_name(ValueKind kind);

/// Checks the tree against the schema: unknown keys (naming the valid ones), value formats, bounds,
/// required keys, duplicate identities. Reports every problem.
void check_against_schema(const ConfigNode& root, Diagnostics& diagnostics);

/// The location "file" of values written by fill_defaults.
inline constexpr const char* kDefaultOrigin = "(default)";

/// Writes declared defaults for absent keys, so the tree becomes the effective configuration.
void fill_defaults(ConfigNode& root);

/// The configuration reference as a Markdown table (configs/README.md embeds it; a test compares).
std::string schema_markdown();

} // namespace bordersim
