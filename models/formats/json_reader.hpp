// Reads JSON text (RFC 8259) into a tree of values: run_info.json for the report, and small files like it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bordersim {

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  /// A string's characters (UTF-8, escapes resolved); a number exactly as written ("72", "0.25", "1e-3");
  /// "true" or "false"; empty for null, arrays and objects.
  std::string text;
  std::vector<JsonValue> items;                           // an array's elements
  std::vector<std::pair<std::string, JsonValue>> members; // an object's members, in the order written

  bool is_scalar() const { return kind != Kind::array && kind != Kind::object; }
  /// An object's member, the last one when a key is repeated; nullptr when absent or not an object.
  const JsonValue* find(std::string_view key) const;
  /// A number's value; nothing for any other kind.
  std::optional<double> number() const;
};

/// Parses one JSON document; anything but white space after it is an error. Throws std::runtime_error
/// ("source:line:col: message"); `source` names the text in messages, usually its file.
JsonValue parse_json(std::string_view text, const std::string& source);

/// Reads and parses a file; a file that cannot be read is reported as "path:1:1: cannot read the file".
JsonValue read_json_file(const std::string& path);

} // namespace bordersim
