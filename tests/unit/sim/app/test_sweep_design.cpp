#include <catch2/catch.hpp>

#include <set>

#include "sim/app/sweep_design.hpp"

using namespace bordersim;

namespace {
VariedKey vary(const std::string& text)
{
  auto parsed = parse_vary(text);
  REQUIRE(std::holds_alternative<VariedKey>(parsed));
  return std::get<VariedKey>(parsed);
}
std::string problem(const std::string& text)
{
  auto parsed = parse_vary(text);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  return std::get<std::string>(parsed);
}
} // namespace

TEST_CASE("sweep --vary reads lists and ranges, and a whole key's range gives whole numbers, a unit stays", "[sweep]")
{
  VariedKey lanes = vary("a.b.count=3..8");
  CHECK(lanes.level_values(3) == std::vector<std::string>{"3", "5.5", "8"});
  lanes.whole = true; // the command sets it for a key the schema declares whole (a lane count)
  CHECK(lanes.level_values(3) == std::vector<std::string>{"3", "6", "8"}); // 5.5 rounds to 6
  CHECK(vary("c=3..5").level_values(4) == std::vector<std::string>{"3", "3.666666667", "4.333333333", "5"});
  VariedKey few = vary("c=3..5");
  few.whole = true;
  CHECK(few.level_values(4) == std::vector<std::string>{"3", "4", "5"}); // 3.67 and 4.33 both round to 4: one point
  const VariedKey service = vary("s.mean=4min..6min");
  CHECK(service.level_values(3) == std::vector<std::string>{"4min", "5min", "6min"});
  const VariedKey list = vary("d=1.0,1.25,1.5");
  CHECK(list.values == std::vector<std::string>{"1.0", "1.25", "1.5"});
  CHECK(list.value_at(0.6) == "1.25");
  CHECK(problem("d=1").find("at least two values") != std::string::npos);
  CHECK(problem("d=4min..6h").find("same unit") != std::string::npos);
  CHECK(problem("d=8..3").find("from low to high") != std::string::npos);
  CHECK(problem("=1,2").find("expected KEY=") != std::string::npos);
  CHECK(std::holds_alternative<std::string>(parse_design("lhs:1")));
  CHECK(std::get<Design>(parse_design("morris:6")).count == 6);
}

TEST_CASE("Designs: grid is every combination, oat one key at a time from the scenario, morris moves one key per step", "[sweep]")
{
  const std::vector<VariedKey> keys{vary("a=1,2"), vary("b=10..30")};
  const auto grid = make_design(keys, {DesignKind::grid, 0}, 3, 1);
  REQUIRE(grid.size() == 6);
  CHECK(grid[0].values == std::vector<std::string>{"1", "10"});
  CHECK(grid[1].values == std::vector<std::string>{"1", "20"}); // the last key varies fastest
  CHECK(grid[5].values == std::vector<std::string>{"2", "30"});

  const auto oat = make_design(keys, {DesignKind::oat, 0}, 3, 1);
  REQUIRE(oat.size() == 1 + 2 + 3);
  CHECK(oat[0].values == std::vector<std::string>{"", ""}); // the scenario as it is
  CHECK(oat[3].values == std::vector<std::string>{"", "10"});
  CHECK(oat[3].moved_key == 1);

  const auto morris = make_design(keys, {DesignKind::morris, 5}, 4, 7);
  REQUIRE(morris.size() == 5 * 3);
  for (std::size_t p = 0; p < morris.size(); ++p) {
    if (p % 3 == 0) {
      CHECK(morris[p].moved_key == -1);
      continue;
    }
    int changed = 0;
    for (std::size_t k = 0; k < 2; ++k) changed += morris[p].values[k] != morris[p - 1].values[k];
    CHECK(changed == 1);
    CHECK(morris[p].moved_by > 0);
  }
  CHECK(make_design(keys, {DesignKind::morris, 5}, 4, 7)[4].values == morris[4].values); // the same seed, the same points
}

TEST_CASE("A Latin hypercube puts one point in each stratum of every key", "[sweep]")
{
  const std::vector<VariedKey> keys{vary("a=0..1"), vary("b=100..200")};
  const auto lhs = make_design(keys, {DesignKind::lhs, 8}, 3, 3);
  REQUIRE(lhs.size() == 8);
  std::set<int> a_strata, b_strata;
  for (const auto& p : lhs) {
    a_strata.insert(static_cast<int>(std::stod(p.values[0]) * 8));
    b_strata.insert(static_cast<int>((std::stod(p.values[1]) - 100) / 100 * 8));
  }
  CHECK(a_strata.size() == 8);
  CHECK(b_strata.size() == 8);
}
