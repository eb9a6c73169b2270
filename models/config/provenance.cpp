#include "models/config/provenance.hpp"

#include <algorithm>
#include <set>

#include "models/config/scenario_schema.hpp"
#include "models/formats/units.hpp"

namespace bordersim {
namespace {

const ConfigNode* crossing_node(const ConfigNode& effective, const std::string& id)
{
  return find_key_path(effective, "crossings." + id, identity_key_for);
}

bool is_figure_text(const std::string& text) { return parse_number(text) || parse_duration_s(text); }

/// Collects figure paths below `node`; a distribution, a list of values or a scalar figure is one figure.
void collect_figures(const ConfigNode& node, const std::string& path, const std::string& pattern, std::vector<std::string>& out)
{
  if (node.location.file == kDefaultOrigin) return; // defaults are documented in the schema, not figures of the file
  static const std::set<std::string> not_figures{"id", "name", "class", "crossing", "direction", "group", "serves", "provenance",
                                                 "close"};
  if (node.is_map()) {
    if (node.find("dist")) {
      out.push_back(path);
      return;
    }
    for (const auto& e : node.entries) {
      if (not_figures.count(e.key)) continue;
      collect_figures(e.value, path.empty() ? e.key : path + "." + e.key, child_pattern(pattern, e.key), out);
    }
  } else if (node.is_sequence()) {
    const bool items_are_maps = std::any_of(node.items.begin(), node.items.end(), [](const ConfigNode& n) { return n.is_map(); });
    if (!items_are_maps) {
      if (!node.items.empty()) out.push_back(path);
      return;
    }
    const std::string_view key = identity_key_for(pattern);
    for (std::size_t i = 0; i < node.items.size(); ++i)
      collect_figures(node.items[i], path + "." + key_path_segment(node.items[i], key, i), pattern + "[]", out);
  } else if (node.is_scalar() && is_figure_text(node.scalar)) {
    out.push_back(path);
  }
}

/// `identity`: the key that names this node in its list (id, class), already in `path`.
void collect_settings(const ConfigNode& node, const std::string& path, const std::string& pattern, std::string_view identity,
                      std::vector<KeyPathValue>& out)
{
  const bool leaf = !node.is_map() && !node.is_sequence();
  const bool list_of_values = node.is_sequence() && std::none_of(node.items.begin(), node.items.end(), [](const ConfigNode& n) {
    return n.is_map() || n.is_sequence();
  });
  if (leaf || list_of_values || (node.is_map() && node.find("dist"))) {
    out.push_back({path, emit_yaml_inline(node), pattern});
    return;
  }
  if (node.is_map()) {
    for (const auto& e : node.entries) {
      if (e.key == identity || e.key == "provenance") continue;
      collect_settings(e.value, path.empty() ? e.key : path + "." + e.key, child_pattern(pattern, e.key), {}, out);
    }
    return;
  }
  const std::string_view key = identity_key_for(pattern);
  for (std::size_t i = 0; i < node.items.size(); ++i)
    collect_settings(node.items[i], path + "." + key_path_segment(node.items[i], key, i), pattern + "[]", key, out);
}

bool covers(const std::string& key, const std::string& figure)
{
  return figure == key || (figure.size() > key.size() && figure.compare(0, key.size(), key) == 0 && figure[key.size()] == '.');
}

} // namespace

std::vector<ProvenanceRecord> provenance_records(const Scenario& scenario, const ConfigNode& effective)
{
  std::vector<ProvenanceRecord> out;
  for (const auto& p : scenario.provenance) {
    const ConfigNode* figure = find_key_path(effective, p.key, identity_key_for);
    out.push_back({"", p.key, figure ? emit_yaml_inline(*figure) : std::string{}, p.status, p.source, p.calibrated_to});
  }
  for (const auto& c : scenario.crossings) {
    const ConfigNode* node = crossing_node(effective, c.id);
    for (const auto& p : c.provenance) {
      const ConfigNode* figure = node ? find_key_path(*node, p.key, identity_key_for, "crossings[]") : nullptr;
      out.push_back({c.id, p.key, figure ? emit_yaml_inline(*figure) : std::string{}, p.status, p.source, p.calibrated_to});
    }
  }
  return out;
}

std::vector<std::string> unmarked_figures(const Scenario& scenario, const ConfigNode& effective)
{
  std::vector<std::string> out;
  for (const auto& c : scenario.crossings) {
    if (c.provenance.empty()) continue;
    const ConfigNode* node = crossing_node(effective, c.id);
    if (!node) continue;
    std::vector<std::string> figures;
    collect_figures(*node, "", "crossings[]", figures);
    for (const auto& f : figures) {
      const bool covered =
          std::any_of(c.provenance.begin(), c.provenance.end(), [&](const Provenance& p) { return covers(p.key, f); });
      if (!covered) out.push_back(c.id + "." + f);
    }
  }
  return out;
}

bool takes_whole_numbers(const std::vector<KeyPathValue>& settable, std::string_view key_path)
{
  for (const auto& setting : settable)
    if (setting.key_path == key_path)
      if (const KeySpec* spec = find_key_spec(setting.pattern)) return spec->kind == ValueKind::Integer;
  return false;
}

std::vector<KeyPathValue> settable_key_paths(const ConfigNode& effective)
{
  std::vector<KeyPathValue> out;
  collect_settings(effective, "", "", {}, out);
  return out;
}

} // namespace bordersim
