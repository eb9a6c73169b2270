#include <catch2/catch.hpp>

#include "models/config/config_tree.hpp"
#include "models/config/scenario_schema.hpp"
#include "tests/unit/unit_support.hpp"

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

namespace {
/// The one error of a text that must be refused.
Diagnostic refusal(const std::string& text)
{
  Diagnostics d;
  const auto node = parse_yaml_text(text, {"t.yaml", 1, 1}, d);
  CHECK_FALSE(node);
  REQUIRE(d.all().size() == 1);
  return d.all()[0];
}
} // namespace

TEST_CASE("A YAML alias is expanded, within a depth and size budget, and never into itself", "[config]")
{
  // Aliases are ordinary YAML: the shipped network reuses stage lists with them.
  const auto shared = parse("a: &s {dist: exponential, mean: 1min}\nb: *s\n");
  CHECK(shared.find("b")->find("mean")->scalar == "1min");

  const Diagnostic cycle = refusal("scenario: x\nlist:\n  - &loop [1, *loop]\n");
  CHECK(cycle.format().find("t.yaml:3:5: list.0.1: ") == 0); // at the anchored node, named where the alias stands
  CHECK(cycle.message.find("contains itself") != std::string::npos);

  std::string bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 9; ++level) {
    bomb += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *l" : "*l") + std::to_string(level - 1);
    bomb += "]\n";
  }
  CHECK(refusal(bomb).message.find("more than 100000 values") != std::string::npos);

  const auto nested = [](int depth) {
    return "a: " + std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
  };
  CHECK(parse(nested(63)).find("a")->is_sequence()); // the map is level 1
  const Diagnostic deep = refusal(nested(64));
  CHECK(deep.location.line == 1);
  CHECK(deep.location.column == 67); // the 64th bracket
  CHECK(deep.message.find("nested more than 64 levels deep") != std::string::npos);
  CHECK(refusal(nested(5000)).message.find("nested more than 64 levels deep") != std::string::npos);
}

TEST_CASE("An empty text is a null document at line 1, column 1", "[config]")
{
  Diagnostics d;
  const auto node = parse_yaml_text("", {"empty.yaml", 1, 1}, d);
  REQUIRE(node);
  CHECK(node->kind == ConfigNode::Kind::Null);
  CHECK(node->location.file == "empty.yaml");
  CHECK(node->location.line == 1);
  CHECK(node->location.column == 1);
}

TEST_CASE("Diagnostics escape what a terminal would act on and keep other scripts", "[config]")
{
  Diagnostics collected;
  collected.error({"f\x1b.yaml", 2, 3}, "a\tb", "unknown key 'a\tb', 'Қарасу' \x7f \xc2\x9b[2J \xff");
  collected.error({"f.yaml", 1, 1}, "k", "got '" + std::string(5000, 'x') + "'");
  CHECK(collected.all()[0].format() == "f\\x1b.yaml:2:3: a\\x09b: unknown key 'a\\x09b', 'Қарасу' \\x7f \\xc2\\x9b[2J \\xff");
  const Diagnostic& long_one = collected.all()[1];
  CHECK(long_one.format().size() < 1200);
  CHECK(long_one.format().find("more bytes") != std::string::npos);
}

TEST_CASE("A chain of extends is at most 32 files long", "[config]")
{
  unit::ScratchDir dir;
  const auto chain_of = [&](int files) {
    for (int i = 0; i + 1 < files; ++i)
      dir.write("f" + std::to_string(i) + ".yaml", "extends: f" + std::to_string(i + 1) + ".yaml\n");
    dir.write("f" + std::to_string(files - 1) + ".yaml", "scenario: last\n");
    Diagnostics d;
    const auto tree = load_with_extends(dir.file("f0.yaml"), identity, d);
    return std::make_pair(tree.has_value(), d.all().empty() ? std::string{} : d.all()[0].format());
  };
  CHECK(chain_of(32).first);
  const auto [loaded, message] = chain_of(33);
  CHECK_FALSE(loaded);
  CHECK(message == dir.file("f31.yaml") + ":1:10: extends: more than 32 files extend one another");
}
