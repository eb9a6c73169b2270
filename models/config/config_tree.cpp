#include "models/config/config_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

#include "models/formats/input_file.hpp"

namespace bordersim {
namespace {

// Budgets of a document once its YAML aliases are expanded. A scenario is about 10 levels deep and the whole
// KZ-KG network holds about 7,000 values; these leave a margin of 14, yet stop an alias that contains itself
// (endless recursion) and an alias bomb ("billion laughs": 10^9 values from a few lines) before either
// exhausts the stack or the memory, and refuse the bomb fast enough for a fuzzer's 10 s limit under ASan.
constexpr int kMaxNestingLevels = 64;
constexpr std::size_t kMaxValues = 100'000;
// Without aliases a document cannot hold more text than its file; with them, no more than that either.
constexpr std::size_t kMaxFileBytes = 16 * kMiB;
constexpr std::size_t kMaxTextBytes = kMaxFileBytes;
// Chains of `extends` are a few files long; a longer one is a mistake (and would multiply the budgets).
constexpr std::size_t kMaxExtendsChain = 32;

const std::string kTooDeep = "nested more than " + std::to_string(kMaxNestingLevels) + " levels deep; a scenario needs about 10";

/// What an expansion has used so far; shared by every file of one `extends` chain.
struct ExpansionBudget {
  std::size_t values = 0;
  std::size_t text_bytes = 0;
};

/// Stops a conversion: the rest of the document is not read.
struct ConversionRefused {
  SourceLocation where;
  std::string key_path;
  std::string message;
};

/// YAML nodes into ConfigNodes, aliases expanded within the budgets, cycles refused.
class Converter {
public:
  Converter(const std::string& file, int line_offset, ExpansionBudget& budget, Diagnostics& diagnostics)
      : file_(file), line_offset_(line_offset), budget_(budget), diagnostics_(diagnostics)
  {
  }

  SourceLocation at(const YAML::Mark& mark) const
  {
    if (mark.is_null()) return {file_, line_offset_ + 1, 1}; // an empty document has no position: its start
    return {file_, mark.line + 1 + line_offset_, mark.column + 1};
  }

  ConfigNode convert(const YAML::Node& node, int level)
  {
    ConfigNode out;
    out.location = at(node.Mark());
    if (++budget_.values > kMaxValues)
      refuse(out.location, "more than " + std::to_string(kMaxValues) + " values once its YAML aliases are expanded");
    const bool nests = node.IsMap() || node.IsSequence();
    if (nests && level > kMaxNestingLevels) refuse(out.location, kTooDeep);
    if (nests) ancestors_.push_back(node);
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out.kind = ConfigNode::Kind::Scalar;
      out.scalar = node.Scalar();
      count_text(out.scalar.size(), out.location);
      break;
    case YAML::NodeType::Sequence:
      out.kind = ConfigNode::Kind::Sequence;
      for (const auto& item : node) {
        path_.push_back(std::to_string(out.items.size()));
        out.items.push_back(convert_child(item, level));
        path_.pop_back();
      }
      break;
    case YAML::NodeType::Map:
      out.kind = ConfigNode::Kind::Map;
      for (const auto& pair : node) {
        const SourceLocation key_location = at(pair.first.Mark());
        if (!pair.first.IsScalar()) {
          diagnostics_.error(key_location, key_path(), "a key must be a plain name");
          continue;
        }
        const std::string key = pair.first.Scalar();
        count_text(key.size(), key_location);
        path_.push_back(key);
        if (out.find(key)) diagnostics_.error(key_location, key_path(), "duplicate key '" + key + "'");
        else out.entries.push_back({key, key_location, convert_child(pair.second, level)});
        path_.pop_back();
      }
      break;
    default:
      out.kind = ConfigNode::Kind::Null;
      break;
    }
    if (nests) ancestors_.pop_back();
    return out;
  }

private:
  ConfigNode convert_child(const YAML::Node& child, int level)
  {
    // An alias is the very node it names: inside that node, expanding it would never end.
    for (const auto& ancestor : ancestors_)
      if (ancestor.is(child)) refuse(at(child.Mark()), "YAML alias of a node that contains itself: expanding it would never end");
    return convert(child, level + 1);
  }

  void count_text(std::size_t bytes, const SourceLocation& where)
  {
    budget_.text_bytes += bytes;
    if (budget_.text_bytes > kMaxTextBytes)
      refuse(where, "more than " + format_bytes(kMaxTextBytes) + " of text once its YAML aliases are expanded");
  }

  std::string key_path() const
  {
    std::string out;
    for (const auto& segment : path_) out += (out.empty() ? "" : ".") + segment;
    return out;
  }

  [[noreturn]] void refuse(const SourceLocation& where, std::string message) const
  {
    throw ConversionRefused{where, key_path(), std::move(message)};
  }

  const std::string& file_;
  int line_offset_;
  ExpansionBudget& budget_;
  Diagnostics& diagnostics_;
  std::vector<YAML::Node> ancestors_; // the maps and lists being converted, outermost first
  std::vector<std::string> path_;     // their keys and positions, for messages
};

std::optional<ConfigNode> parse_text(const std::string& text, const SourceLocation& origin, ExpansionBudget& budget,
                                     Diagnostics& diagnostics)
{
  const int line_offset = origin.line > 0 ? origin.line - 1 : 0;
  Converter converter(origin.file, line_offset, budget, diagnostics);
  try {
    const YAML::Node root = YAML::Load(text);
    return converter.convert(root, 1);
  } catch (const ConversionRefused& refused) {
    diagnostics.error(refused.where, refused.key_path, refused.message);
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error(e.mark.is_null() ? origin : converter.at(e.mark), "", kTooDeep);
  } catch (const YAML::Exception& e) {
    diagnostics.error(e.mark.is_null() ? origin : converter.at(e.mark), "", "YAML syntax: " + e.msg);
  }
  return std::nullopt;
}

/// The file's text, or the reason it cannot be read: only a regular file of bounded size (a FIFO would block).
std::optional<std::string> read_scenario_file(const std::string& path, std::string& reason)
{
  try {
    return read_input_file(path, kMaxFileBytes);
  } catch (const std::runtime_error& e) {
    // read_input_file locates its message at path:1:1; the caller locates it where the file is named.
    reason = e.what();
    const std::string prefix = path + ":1:1: ";
    if (reason.starts_with(prefix)) reason.erase(0, prefix.size());
    return std::nullopt;
  }
}

/// `referrer` is the `extends` value naming `path`; null for the scenario file itself. `files` gets the paths as
/// the nodes' locations name them, base first.
std::optional<ConfigNode> load_chain(const std::string& path, IdentityKeyFor identity_key, Diagnostics& diagnostics,
                                     std::vector<std::string>& chain, ExpansionBudget& budget, const ConfigNode* referrer,
                                     std::vector<std::string>& files)
{
  const SourceLocation where = referrer ? referrer->location : SourceLocation{path, 1, 1};
  const std::string key = referrer ? "extends" : "";
  std::error_code ec;
  std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) canonical = std::filesystem::path(path).lexically_normal().string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    diagnostics.error(where, key, "'" + path + "' extends itself through a cycle");
    return std::nullopt;
  }
  if (chain.size() >= kMaxExtendsChain) {
    diagnostics.error(where, key, "more than " + std::to_string(kMaxExtendsChain) + " files extend one another");
    return std::nullopt;
  }
  std::string reason;
  const auto text = read_scenario_file(path, reason);
  if (!text) {
    // The scenario file itself: nothing in it to point at, so the message names the file alone.
    if (referrer) diagnostics.error(where, key, "cannot read '" + path + "': " + reason);
    else diagnostics.error({path, 0, 0}, "", reason);
    return std::nullopt;
  }
  auto tree = parse_text(*text, {path, 1, 1}, budget, diagnostics);
  if (!tree) return std::nullopt;
  if (tree->kind == ConfigNode::Kind::Null) {
    diagnostics.error(tree->location, "", "the file is empty; a scenario file is a mapping of keys to values");
    return std::nullopt;
  }
  if (!tree->is_map()) {
    diagnostics.error(tree->location, "", "a scenario file must be a mapping of keys to values");
    return std::nullopt;
  }
  const ConfigNode* extends = tree->find("extends");
  if (!extends) {
    files.push_back(path);
    return tree;
  }
  if (!extends->is_scalar() || extends->scalar.empty()) {
    diagnostics.error(extends->location, "extends", "must be the path of another scenario file");
    return std::nullopt;
  }
  const std::filesystem::path base_path = std::filesystem::path(path).parent_path() / extends->scalar;
  chain.push_back(canonical);
  auto base = load_chain(base_path.string(), identity_key, diagnostics, chain, budget, extends, files);
  chain.pop_back();
  if (!base) return std::nullopt;
  files.push_back(path);
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

std::string key_path_segment(const ConfigNode& item, std::string_view key, std::size_t index)
{
  std::string id = identity_of(item, key);
  return id.empty() ? std::to_string(index) : id;
}

std::string child_pattern(const std::string& pattern, std::string_view key)
{
  return pattern.empty() ? std::string(key) : pattern + "." + std::string(key);
}

std::optional<ConfigNode> parse_yaml_text(const std::string& text, const SourceLocation& origin,
                                          Diagnostics& diagnostics)
{
  ExpansionBudget budget;
  return parse_text(text, origin, budget, diagnostics);
}

std::optional<ConfigNode> parse_yaml_file(const std::string& path, Diagnostics& diagnostics)
{
  std::string reason;
  const auto text = read_scenario_file(path, reason);
  if (!text) {
    diagnostics.error({path, 0, 0}, "", reason); // nothing in the file to point at
    return std::nullopt;
  }
  return parse_yaml_text(*text, {path, 1, 1}, diagnostics);
}

std::optional<ConfigNode> load_with_extends(const std::string& path, IdentityKeyFor identity_key,
                                            Diagnostics& diagnostics, std::vector<std::string>* files)
{
  std::vector<std::string> chain;
  std::vector<std::string> layers;
  ExpansionBudget budget;
  auto tree = load_chain(path, identity_key, diagnostics, chain, budget, nullptr, layers);
  if (files) *files = std::move(layers);
  return tree;
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
        const std::string id = key_path_segment(node->items[k], key, k);
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
