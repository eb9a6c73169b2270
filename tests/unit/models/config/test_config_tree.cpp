#include <catch2/catch.hpp>

#include "models/config/config_tree.hpp"
#include "models/config/scenario_schema.hpp"

using namespace bordersim;

namespace {
ConfigNode parse(const std::string& text, const std::string& file = "t.yaml")
{
  Diagnostics d;
  auto node = parse_yaml_text(text, {file, 1, 1}, d);
  REQUIRE(node);
  REQUIRE_FALSE(d.has_errors());
  return *node;
}
std::string_view identity(std::string_view pattern) { return identity_key_for(pattern); }
} // namespace

TEST_CASE("Locations are 1-based line and column of the value", "[config]")
{
  const auto root = parse("a: 1\nb:\n  c: hello\n");
  CHECK(root.find("b")->find("c")->location.line == 3);
  CHECK(root.find("b")->find("c")->location.column == 6);
  CHECK(root.find_entry("b")->key_location.line == 2);
}

TEST_CASE("Merging: maps by key, named lists by identity, other values replaced", "[config]")
{
  auto base = parse(R"(simulation: {horizon: 10h, seed: 1}
crossings:
  - id: a
    name: A
    directions: [{id: in, stages: [{id: s1, lanes: [{id: g, count: 2}]}, {id: s2}]}]
  - id: b
)");
  const auto top = parse(R"(simulation: {seed: 2}
crossings:
  - id: a
    directions: [{id: in, stages: [{id: s1, lanes: [{id: g, count: 4}]}]}]
  - id: c
)",
                         "top.yaml");
  merge_into(base, top, identity, "");
  CHECK(base.find("simulation")->find("horizon")->scalar == "10h");
  CHECK(base.find("simulation")->find("seed")->scalar == "2");
  CHECK(base.find("simulation")->find("seed")->location.file == "top.yaml");
  const auto& crossings = base.find("crossings")->items;
  REQUIRE(crossings.size() == 3);
  CHECK(crossings[0].find("name")->scalar == "A");
  const auto& stages = crossings[0].find("directions")->items[0].find("stages")->items;
  REQUIRE(stages.size() == 2); // s2 kept
  CHECK(stages[0].find("lanes")->items[0].find("count")->scalar == "4");
  CHECK(crossings[2].find("id")->scalar == "c");
}

TEST_CASE("An empty list in the top layer clears the base's", "[config]")
{
  auto base = parse("crossings:\n  - id: a\n  - id: b\n");
  merge_into(base, parse("crossings: []\n"), identity, "");
  CHECK(base.find("crossings")->items.empty());
}

TEST_CASE("Overrides address list items by id or position and names valid ids when wrong", "[config]")
{
  auto root = parse("crossings:\n  - id: a\n    directions: [{id: in, stages: [{id: s1, lanes: [{count: 2}]}]}]\n");
  Diagnostics d;
  apply_override(root, "crossings.a.directions.in.stages.s1.lanes.0.count=5", 1, identity, d);
  apply_override(root, "simulation.demand_scale=1.3", 2, identity, d);
  REQUIRE_FALSE(d.has_errors());
  CHECK(root.find("crossings")->items[0].find("directions")->items[0].find("stages")->items[0].find("lanes")->items[0].find("count")->scalar ==
        "5");
  CHECK(root.find("simulation")->find("demand_scale")->scalar == "1.3");
  apply_override(root, "crossings.zz.name=x", 3, identity, d);
  apply_override(root, "no_equals_sign", 4, identity, d);
  REQUIRE(d.all().size() == 2);
  CHECK(d.all()[0].format() == "--set:3:1: crossings.zz: no item 'zz' here; valid: a");
  CHECK(d.all()[1].location.line == 4);
}

TEST_CASE("Emitted YAML parses back to the same tree", "[config]")
{
  const auto root = parse("a: 1\nlist: [x, y]\nnested:\n  - {id: k, v: '08:00-20:00'}\n");
  const auto again = parse(emit_yaml(root));
  CHECK(emit_yaml(again) == emit_yaml(root));
  CHECK(again.find("nested")->items[0].find("v")->scalar == "08:00-20:00");
}
