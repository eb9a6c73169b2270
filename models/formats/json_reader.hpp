// Reads JSON text (RFC 8259) into a tree of values: run_info.json for the report, and small files like it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/formats/input_file.hpp"

namespace bordersim {

struct JsonMember;

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  /// A string's characters (UTF-8, escapes resolved); a number exactly as written ("72", "0.25", "1e-3");
  /// "true" or "false"; empty for null, arrays and objects.
  std::string text;
  std::vector<JsonValue> items;                           // an array's elements
  std::vector<JsonMember> members;                        // an object's members, in the order written
  int line = 0, column = 0;                               // where the value starts in its text (1-based)

  bool is_scalar() const { return kind != Kind::array && kind != Kind::object; }
  /// An object's member, the last one when a key is repeated; nullptr when absent or not an object.
  const JsonValue* find(std::string_view key) const;
  /// A number's value; nothing for any other kind.
  std::optional<double> number() const;
};

// Declared apart so that JsonValue holds only vectors of itself and of this: a std::pair of an incomplete
// type does not compile with every standard library.
struct JsonMember {
  std::string key;
  JsonValue value;
};

/// Parses one JSON document; anything but white space after it is an error. Throws std::runtime_error
/// ("source:line:col: message"); `source` names the text in messages, usually its file.
JsonValue parse_json(std::string_view text, const std::string& source);

/// The most read of a JSON file: run_info.json of the whole network (seven crossings, 65 stages, their names) is
/// about 7 kB.
inline constexpr std::uint64_t kMaxJsonBytes = kMiB;

/// Reads and parses a file, a regular file of at most `max_bytes` (models/formats/input_file.hpp); a file that
/// cannot be read is reported as "path:1:1: cannot read the file: <reason>".
JsonValue read_json_file(const std::string& path, std::uint64_t max_bytes = kMaxJsonBytes);

} // namespace bordersim
