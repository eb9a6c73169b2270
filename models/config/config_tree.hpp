// The scenario as a located YAML tree: loading, `extends` merging, `--set` overrides, emitting.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/config/diagnostics.hpp"

namespace bordersim {

class ConfigNode {
public:
  enum class Kind { Null, Scalar, Map, Sequence };
  struct Entry;

  Kind kind = Kind::Null;
  std::string scalar;
  std::vector<Entry> entries; // maps keep their written order
  std::vector<ConfigNode> items;
  SourceLocation location;

  bool is_map() const { return kind == Kind::Map; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  const ConfigNode* find(std::string_view key) const;
  ConfigNode* find(std::string_view key);
  const Entry* find_entry(std::string_view key) const;
  ConfigNode& set(std::string key, ConfigNode value, SourceLocation key_location);
  void erase(std::string_view key);

  static ConfigNode make_scalar(std::string text, SourceLocation where);
  static ConfigNode make_map(SourceLocation where);
};

struct ConfigNode::Entry {
  std::string key;
  SourceLocation key_location;
  ConfigNode value;
};

/// Tells the merge which key names list items ("id" for crossings, "class" for demand entries, ...).
using IdentityKeyFor = std::string_view (*)(std::string_view list_path_pattern);

/// Parses one YAML file (no `extends` handling). Syntax errors become diagnostics.
std::optional<ConfigNode> parse_yaml_file(const std::string& path, Diagnostics& diagnostics);
std::optional<ConfigNode> parse_yaml_text(const std::string& text, const SourceLocation& origin,
                                          Diagnostics& diagnostics);

/// Loads a file and the chain of files it `extends`, merged base first; the `extends` key is consumed. `files`, when
/// given, gets the chain's paths as its nodes' locations name them, base first (the order in which they layer).
std::optional<ConfigNode> load_with_extends(const std::string& path, IdentityKeyFor identity_key,
                                            Diagnostics& diagnostics, std::vector<std::string>* files = nullptr);

/// Overlays `top` onto `base`: maps merge by key, lists of named things by their identity key,
/// anything else is replaced.
void merge_into(ConfigNode& base, const ConfigNode& top, IdentityKeyFor identity_key, const std::string& pattern);

/// Applies one `--set key.path=value`; list items are addressed by their identity (or index).
void apply_override(ConfigNode& root, std::string_view assignment, int index, IdentityKeyFor identity_key,
                    Diagnostics& diagnostics);

/// The node at a dotted key path ("directions.in.stages.booth"), list items named by their identity key
/// or position; nullptr when there is none. `pattern` is the schema pattern of `root`.
const ConfigNode* find_key_path(const ConfigNode& root, std::string_view path, IdentityKeyFor identity_key,
                                const std::string& pattern = "");

/// Writes the tree back as YAML, in its own order.
std::string emit_yaml(const ConfigNode& root);
/// One-line YAML (flow style) of a subtree, for tables.
std::string emit_yaml_inline(const ConfigNode& node);

/// The step of a key path that names a list item: its identity (`key`, e.g. "id") or, without one, its position.
std::string key_path_segment(const ConfigNode& item, std::string_view key, std::size_t index);

/// "crossings[].directions[]" style pattern of a path: list items become "[]".
std::string child_pattern(const std::string& pattern, std::string_view key);

} // namespace bordersim
