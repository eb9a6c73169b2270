#include "models/config/config_tree.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bordersim {
namespace {

SourceLocation at(const std::string& file, const YAML::Mark& mark, int line_offset = 0)
{
  return {file, mark.line + 1 + line_offset, mark.column + 1};
}

ConfigNode convert(const YAML::Node& node, const std::string& file, int line_offset, Diagnostics& diagnostics)
{
  ConfigNode out;
  out.location = at(file, node.Mark(), line_offset);
  switch (node.Type()) {
  case YAML::NodeType::Scalar:
    out.kind = ConfigNode::Kind::Scalar;
    out.scalar = node.Scalar();
    break;
  case YAML::NodeType::Sequence:
    out.kind = ConfigNode::Kind::Sequence;
    for (const auto& item : node) out.items.push_back(convert(item, file, line_offset, diagnostics));
    break;
  case YAML::NodeType::Map:
    out.kind = ConfigNode::Kind::Map;
    for (const auto& pair : node) {
      const SourceLocation key_location = at(file, pair.first.Mark(), line_offset);
      if (!pair.first.IsScalar()) {
        diagnostics.error(key_location, "", "a key must be a plain name");
        continue;
      }
      const std::string key = pair.first.Scalar();
      if (out.find(key)) {
        diagnostics.error(key_location, key, "duplicate key '" + key + "'");
        continue;
      }
      out.entries.push_back({key, key_location, convert(pair.second, file, line_offset, diagnostics)});
    }
    break;
  default:
    out.kind = ConfigNode::Kind::Null;
    break;
  }
  return out;
}

std::string read_file(const std::string& path, bool& ok)
{
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::optional<ConfigNode> load_chain(const std::string& path, IdentityKeyFor identity_key, Diagnostics& diagnostics,
                                     std::vector<std::string>& chain, const SourceLocation& referrer)
{
  std::error_code ec;
  const std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    diagnostics.error(referrer, "extends", "'" + path + "' extends itself through a cycle");
    return std::nullopt;
  }
  auto tree = parse_yaml_file(path, diagnostics);
  if (!tree) return std::nullopt;
  if (!tree->is_map()) {
    diagnostics.error(tree->location, "", "a scenario file must be a mapping of keys to values");
    return std::nullopt;
  }
  const ConfigNode* extends = tree->find("extends");
  if (!extends) return tree;
  if (!extends->is_scalar() || extends->scalar.empty()) {
    diagnostics.error(extends->location, "extends", "must be the path of another scenario file");
    return std::nullopt;
  }
  const std::filesystem::path base_path = std::filesystem::path(path).parent_path() / extends->scalar;
  if (!std::filesystem::is_regular_file(base_path)) {
    diagnostics.error(extends->location, "extends", "cannot read '" + base_path.string() + "'");
    return std::nullopt;
  }
  chain.push_back(canonical);
  auto base = load_chain(base_path.string(), identity_key, diagnostics, chain, extends->location);
  chain.pop_back();
  if (!base) return std::nullopt;
  tree->erase("extends");
  base->erase("extends");
  merge_into(*base, *tree, identity_key, "");
  return base;
}

std::string identity_of(const ConfigNode& item, std::string_view key)
{
  if (key.empty() || !item.is_map()) return {};
  const ConfigNode* id = item.find(key);
  return id && id->is_scalar() ? id->scalar : std::string{};
}

bool all_identified(const ConfigNode& list, std::string_view key)
{
  return std::all_of(list.items.begin(), list.items.end(),
                     [&](const ConfigNode& item) { return !identity_of(item, key).empty(); });
}

void emit_node(YAML::Emitter& out, const ConfigNode& node)
{
  switch (node.kind) {
  case ConfigNode::Kind::Scalar:
    out << node.scalar;
    break;
  case ConfigNode::Kind::Sequence: {
    const bool flat = std::all_of(node.items.begin(), node.items.end(), [](const ConfigNode& n) { return n.is_scalar(); });
    if (flat) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& item : node.items) emit_node(out, item);
    out << YAML::EndSeq;
    break;
  }
  case ConfigNode::Kind::Map:
    out << YAML::BeginMap;
    for (const auto& entry : node.entries) {
      out << YAML::Key << entry.key << YAML::Value;
      emit_node(out, entry.value);
    }
    out << YAML::EndMap;
    break;
  case ConfigNode::Kind::Null:
    out << YAML::Null;
    break;
  }
}

} // namespace

const ConfigNode* ConfigNode::find(std::string_view key) const
{
  const Entry* e = find_entry(key);
  return e ? &e->value : nullptr;
}

ConfigNode* ConfigNode::find(std::string_view key)
{
  for (auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

const ConfigNode::Entry* ConfigNode::find_entry(std::string_view key) const
{
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

ConfigNode& ConfigNode::set(std::string key, ConfigNode value, SourceLocation key_location)
{
  for (auto& e : entries) {
    if (e.key == key) {
      e.value = std::move(value);
      e.key_location = std::move(key_location);
      return e.value;
    }
  }
  entries.push_back({std::move(key), std::move(key_location), std::move(value)});
  return entries.back().value;
}

void ConfigNode::erase(std::string_view key)
{
  std::erase_if(entries, [&](const Entry& e) { return e.key == key; });
}

ConfigNode ConfigNode::make_scalar(std::string text, SourceLocation where)
{
  ConfigNode n;
  n.kind = Kind::Scalar;
  n.scalar = std::move(text);
  n.location = std::move(where);
  return n;
}

ConfigNode ConfigNode::make_map(SourceLocation where)
{
  ConfigNode n;
  n.kind = Kind::Map;
  n.location = std::move(where);
  return n;
}

std::string child_pattern(const std::string& pattern, std::string_view key)
{
  return pattern.empty() ? std::string(key) : pattern + "." + std::string(key);
}

std::optional<ConfigNode> parse_yaml_text(const std::string& text, const SourceLocation& origin,
                                          Diagnostics& diagnostics)
{
  try {
    const YAML::Node root = YAML::Load(text);
    return convert(root, origin.file, origin.line > 0 ? origin.line - 1 : 0, diagnostics);
  } catch (const YAML::Exception& e) {
    SourceLocation where = origin;
    if (!e.mark.is_null()) where = at(origin.file, e.mark, origin.line > 0 ? origin.line - 1 : 0);
    diagnostics.error(where, "", "YAML syntax: " + e.msg);
    return std::nullopt;
  }
}

std::optional<ConfigNode> parse_yaml_file(const std::string& path, Diagnostics& diagnostics)
{
  bool ok = false;
  const std::string text = read_file(path, ok);
  if (!ok || std::filesystem::is_directory(path)) {
    diagnostics.error({path, 1, 1}, "", "cannot read the file");
    return std::nullopt;
  }
  return parse_yaml_text(text, {path, 1, 1}, diagnostics);
}

std::optional<ConfigNode> load_with_extends(const std::string& path, IdentityKeyFor identity_key,
                                            Diagnostics& diagnostics)
{
  std::vector<std::string> chain;
  return load_chain(path, identity_key, diagnostics, chain, {path, 1, 1});
}

void merge_into(ConfigNode& base, const ConfigNode& top, IdentityKeyFor identity_key, const std::string& pattern)
{
  if (base.is_map() && top.is_map()) {
    for (const auto& entry : top.entries) {
      ConfigNode* existing = base.find(entry.key);
      if (existing) {
        merge_into(*existing, entry.value, identity_key, child_pattern(pattern, entry.key));
      } else {
        base.entries.push_back(entry);
      }
    }
    return;
  }
  const std::string_view key = base.is_sequence() && top.is_sequence() ? identity_key(pattern) : std::string_view{};
  // An empty list states "none": it replaces, where a list of named items merges into the base's.
  if (!key.empty() && !top.items.empty() && all_identified(base, key) && all_identified(top, key)) {
    for (const auto& item : top.items) {
      const std::string id = identity_of(item, key);
      auto it = std::find_if(base.items.begin(), base.items.end(),
                             [&](const ConfigNode& b) { return identity_of(b, key) == id; });
      if (it != base.items.end()) {
        merge_into(*it, item, identity_key, pattern + "[]");
      } else {
        base.items.push_back(item);
      }
    }
    return;
  }
  base = top;
}

void apply_override(ConfigNode& root, std::string_view assignment, int index, IdentityKeyFor identity_key,
                    Diagnostics& diagnostics)
{
  const SourceLocation where{"--set", index, 1};
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    diagnostics.error(where, std::string(assignment), "expected key.path=value");
    return;
  }
  const std::string path(assignment.substr(0, equals));
  const std::string value_text(assignment.substr(equals + 1));
  auto value = parse_yaml_text(value_text, {"--set", index, static_cast<int>(equals) + 2}, diagnostics);
  if (!value) return;
  if (value->kind == ConfigNode::Kind::Null) *value = ConfigNode::make_scalar("", where);

  std::vector<std::string> segments;
  std::stringstream split(path);
  for (std::string segment; std::getline(split, segment, '.');) segments.push_back(segment);

  ConfigNode* node = &root;
  std::string pattern;
  std::string walked;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = segments[i];
    walked = walked.empty() ? segment : walked + "." + segment;
    const bool last = i + 1 == segments.size();
    if (segment.empty()) {
      diagnostics.error(where, path, "empty segment in the key path");
      return;
    }
    if (node->is_sequence()) {
      const std::string_view key = identity_key(pattern);
      ConfigNode* found = nullptr;
      std::string valid;
      for (std::size_t k = 0; k < node->items.size(); ++k) {
        std::string id = identity_of(node->items[k], key);
        if (id.empty()) id = std::to_string(k);
        if (id == segment) found = &node->items[k];
        valid += (valid.empty() ? "" : ", ") + id;
      }
      if (!found) {
        diagnostics.error(where, walked, "no item '" + segment + "' here; valid: " + valid);
        return;
      }
      pattern += "[]";
      if (last) {
        *found = *value;
        return;
      }
      node = found;
      continue;
    }
    if (node->kind == ConfigNode::Kind::Null) *node = ConfigNode::make_map(where);
    if (!node->is_map()) {
      diagnostics.error(where, walked, "cannot set a key inside a plain value");
      return;
    }
    pattern = child_pattern(pattern, segment);
    ConfigNode* child = node->find(segment);
    if (last) {
      value->location = where;
      node->set(segment, *value, where);
      return;
    }
    if (!child) child = &node->set(segment, ConfigNode::make_map(where), where);
    node = child;
  }
}

const ConfigNode* find_key_path(const ConfigNode& root, std::string_view path, IdentityKeyFor identity_key,
                                const std::string& pattern)
{
  const ConfigNode* node = &root;
  std::string current = pattern;
  std::size_t begin = 0;
  while (node && begin <= path.size()) {
    const auto end = std::min(path.find('.', begin), path.size());
    const std::string segment(path.substr(begin, end - begin));
    if (node->is_map()) {
      node = node->find(segment);
      current = child_pattern(current, segment);
    } else if (node->is_sequence()) {
      const std::string_view key = identity_key(current);
      const ConfigNode* found = nullptr;
      for (std::size_t i = 0; i < node->items.size() && !found; ++i) {
        std::string id = identity_of(node->items[i], key);
        if (id.empty()) id = std::to_string(i);
        if (id == segment) found = &node->items[i];
      }
      node = found;
      current += "[]";
    } else {
      return nullptr;
    }
    begin = end + 1;
  }
  return node;
}

std::string emit_yaml_inline(const ConfigNode& node)
{
  if (node.is_scalar()) return node.scalar;
  YAML::Emitter out;
  out << YAML::Flow;
  emit_node(out, node);
  return out.c_str();
}

std::string emit_yaml(const ConfigNode& root)
{
  YAML::Emitter out;
  emit_node(out, root);
  return std::string(out.c_str()) + "\n";
}

} // namespace bordersim
