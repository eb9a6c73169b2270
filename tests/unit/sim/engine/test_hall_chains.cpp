// Which flows run as hall chains (sim/engine/hall_chains.hpp): people whose halls nothing else touches, and nobody
// else. tests/system/test_hall_chains.cpp shows that a chain gives the individual model's outputs; this shows that
// the scenarios there, and every flow of people in the network, do run as chains, and that each thing a chain
// cannot follow keeps its flow in the individual model.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/engine/hall_chains.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;
using namespace bordersim::unit;

namespace {
// One direction: an exit hall, vehicle lanes, an entry hall with a walkway of 3. `extra` goes into the pedestrian's
// demand entry, `hall` into the entry hall, `lanes` replaces the entry hall's lane groups.
std::string halls(const std::string& extra = "", const std::string& hall = "",
                  const std::string& lanes = "[{count: 4, serves: [pedestrian]}]", const std::string& more = "")
{
  return R"(scenario: halls
simulation: {horizon: 2d, warmup: 0s, replications: 1, seed: 1}
crossings:
  - id: x
    directions:
      - id: out
        demand:
          - {class: pedestrian, per_hour: 100)" +
         extra + R"(}
          - {class: car, per_hour: 20}
        stages:
          - id: exit_hall
            visit_probability: {car: 0}
            lanes: [{count: 4, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 1min}}
          - id: exit_lanes
            visit_probability: {pedestrian: 0}
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
          - id: entry_hall
            queue_capacity: 3
            visit_probability: {car: 0)" +
         hall + R"(}
            lanes: )" +
         lanes + R"(
            service: {pedestrian: {dist: exponential, mean: 1min}, car: {dist: exponential, mean: 1min}}
)" + more;
}

std::string with(std::string text, const std::string& from, const std::string& to)
{
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

/// The stages of each flow that runs as a chain, by (route, class).
std::vector<std::vector<int>> chained_stages(const Scenario& scenario)
{
  const RunLayout layout(scenario);
  std::vector<std::vector<int>> out;
  for (std::size_t r = 0; r < layout.routes().size(); ++r)
    for (const auto& demand : layout.direction(static_cast<int>(r)).demand) {
      std::vector<int> stages;
      if (HallChains::eligible(layout, static_cast<int>(r), demand, stages)) out.push_back(stages);
    }
  return out;
}
} // namespace

TEST_CASE("People through halls of their own run as a chain, over the halls they visit", "[halls]")
{
  const auto chains = chained_stages(scenario_from_yaml(halls()));
  REQUIRE(chains.size() == 1); // the cars stay in the individual model
  CHECK(chains.front() == std::vector<int>{0, 2});
}

TEST_CASE("Every flow of people in the KZ-KG network runs as a chain", "[halls]")
{
  LoadedScenario loaded = load_scenario(std::string(BORDERSIM_SOURCE_DIR) + "/configs/kz-kg/current.yaml", {});
  REQUIRE(loaded.scenario);
  const Scenario& scenario = *loaded.scenario;
  const RunLayout layout(scenario);
  int people_flows = 0;
  for (std::size_t r = 0; r < layout.routes().size(); ++r)
    for (const auto& demand : layout.direction(static_cast<int>(r)).demand)
      if (layout.class_kind(demand.class_index) == ClassKind::person) ++people_flows;
  CHECK(people_flows > 0);
  CHECK(static_cast<int>(chained_stages(scenario).size()) == people_flows);
}

TEST_CASE("What a chain cannot follow keeps the flow in the individual model", "[halls]")
{
  SECTION("patience") { CHECK(chained_stages(scenario_from_yaml(halls(", patience: {dist: exponential, mean: 5min}"))).empty()); }
  SECTION("balking") { CHECK(chained_stages(scenario_from_yaml(halls(", balk_queue_over: 10"))).empty()); }
  SECTION("staying home") { CHECK(chained_stages(scenario_from_yaml(halls(", stay_home: {queue_over: 10, share: 0.5}"))).empty()); }
  SECTION("priority") { CHECK(chained_stages(scenario_from_yaml(halls(", priority: {out_of_turn: 0.05}"))).empty()); }
  SECTION("the electronic queue") { CHECK(chained_stages(scenario_from_yaml(halls(", booking: {share: 0.5, slots_per_hour: 200}"))).empty()); }
  SECTION("a visit by chance") { CHECK(chained_stages(scenario_from_yaml(halls("", ", pedestrian: 0.5"))).empty()); }
  SECTION("halls others visit too")
  {
    // A second class of people (crews on foot) through the same halls.
    std::string yaml = halls("", ", crew: 1", "[{count: 4, serves: [pedestrian, crew]}]", "classes: [{id: crew, kind: person, length_m: 0.75}]\n");
    yaml = with(yaml, "          - {class: car, per_hour: 20}\n", "          - {class: car, per_hour: 20}\n          - {class: crew, per_hour: 5}\n");
    yaml = with(yaml, "visit_probability: {car: 0}\n            lanes: [{count: 4, serves: [pedestrian]}]\n            service: {pedestrian: {dist: exponential, mean: 1min}}",
                "visit_probability: {car: 0}\n            lanes: [{count: 4, serves: [pedestrian, crew]}]\n            service: {pedestrian: {dist: exponential, mean: 1min}, crew: {dist: exponential, mean: 1min}}");
    yaml = with(yaml, "visit_probability: {pedestrian: 0}", "visit_probability: {pedestrian: 0, crew: 0}");
    yaml = with(yaml, "car: {dist: exponential, mean: 1min}}\n", "car: {dist: exponential, mean: 1min}, crew: {dist: exponential, mean: 1min}}\n");
    CHECK(chained_stages(scenario_from_yaml(yaml)).empty());
  }
  SECTION("two lane groups") {
    CHECK(chained_stages(scenario_from_yaml(halls("", "", "[{id: a, count: 2, serves: [pedestrian]}, {id: b, count: 2, serves: [pedestrian]}]"))).empty());
  }
  SECTION("breakdowns")
  {
    CHECK(chained_stages(scenario_from_yaml(halls("", "", "[{count: 4, serves: [pedestrian], failures: {mtbf: 7d, repair: {dist: exponential, mean: 1h}}}]"))).empty());
  }
  SECTION("a waiting area in metres") { CHECK(chained_stages(scenario_from_yaml(with(halls(), "queue_capacity: 3", "queue_capacity_m: 30"))).empty()); }
  SECTION("a waiting zone")
  {
    CHECK(chained_stages(scenario_from_yaml(with(halls(), "queue_capacity: 3", "queue_capacity: 3\n            waiting_zone: {capacity: 2}"))).empty());
  }
  SECTION("scheduled events")
  {
    CHECK(chained_stages(scenario_from_yaml(with(halls(), "queue_capacity: 3", "queue_capacity: 3\n            events: [{id: works, start: 1d, duration: 6h, lanes: 2}]"))).empty());
  }
  SECTION("a first hall with a walkway of its own")
  {
    // Without the exit hall, people would skip the route's first stage (vehicle lanes) and meet the bounded hall
    // first: the loader refuses that (the queue a class meets first is unbounded), so no chain starts blocked.
    const std::string exit_hall = R"(          - id: exit_hall
            visit_probability: {car: 0}
            lanes: [{count: 4, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 1min}}
)";
    CHECK_THROWS_WITH(scenario_from_yaml(with(halls(), exit_hall, "")), Catch::Contains("may skip every stage before 'entry_hall'"));
  }
  SECTION("people from another crossing")
  {
    const std::string other = R"(  - id: y
    directions:
      - id: out
        demand: [{class: pedestrian, per_hour: 10, alternatives: [{crossing: x, direction: out, detour: 1h}]}]
        stages:
          - id: hall
            lanes: [{count: 1, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 1min}}
)";
    const auto chains = chained_stages(scenario_from_yaml(halls("", "", "[{count: 4, serves: [pedestrian]}]", other)));
    CHECK(chains.empty()); // neither the flow that may divert nor the one it may divert to
  }
}
