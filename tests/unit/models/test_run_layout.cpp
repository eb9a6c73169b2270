#include <catch2/catch.hpp>

#include "models/run_layout.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;

namespace {
// Two crossings, three routes. Classes: the four built-in ones plus `tractor` (index 4), so a route holds
// five flows and a stride of 4 would be caught. Trucks at north/out may divert to south/back.
constexpr const char* kTwoCrossings = R"(scenario: layout
simulation: {horizon: 2d}
classes: [{id: tractor, length_m: 25, kind: vehicle}]
crossings:
  - id: north
    directions:
      - id: out
        demand:
          - class: truck
            per_day: 50
            alternatives: [{crossing: south, direction: back, detour: 1h}]
        stages:
          - id: exit
            lanes: [{id: a, count: 2, serves: [truck, car]}, {id: b, count: 1, serves: [car, bus]}]
            service: {truck: {dist: exponential, mean: 5min}, car: {dist: exponential, mean: 1min},
                      bus: {dist: exponential, mean: 3min}}
          - id: entry
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 5min}}
      - id: back
        demand: [{class: car, per_day: 80}]
        stages:
          - id: only
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 1min}}
  - id: south
    directions:
      - id: back
        demand: [{class: bus, per_day: 10}]
        stages:
          - id: gate
            lanes: [{id: x, count: 1, serves: [bus]}, {id: y, count: 1, serves: [bus, truck]}]
            service: {bus: {dist: exponential, mean: 3min}, truck: {dist: exponential, mean: 5min}}
)";
constexpr int kTruck = 0, kCar = 1, kBus = 2, kPedestrian = 3, kTractor = 4;
} // namespace

TEST_CASE("RunLayout numbers routes, stages and lane groups in file order", "[run_layout]")
{
  const Scenario s = unit::scenario_from_yaml(kTwoCrossings);
  const RunLayout layout(s);

  // Routes: north/out, north/back, south/back, as written.
  REQUIRE(layout.routes().size() == 3);
  CHECK(layout.routes()[0].crossing == 0);
  CHECK(layout.routes()[0].direction == 0);
  CHECK(layout.routes()[1].crossing == 0);
  CHECK(layout.routes()[1].direction == 1);
  CHECK(layout.routes()[2].crossing == 1);
  CHECK(layout.routes()[2].direction == 0);
  CHECK(layout.route_of(0, 0) == 0);
  CHECK(layout.route_of(0, 1) == 1);
  CHECK(layout.route_of(1, 0) == 2);
  CHECK(layout.crossing(2).id == "south");
  CHECK(layout.direction(1).id == "back");
  CHECK(layout.direction(2).id == "back");

  // Global stage indices: exit 0, entry 1 (north/out), only 2 (north/back), gate 3 (south/back).
  CHECK(layout.routes()[0].stages == std::vector<int>{0, 1});
  CHECK(layout.routes()[1].stages == std::vector<int>{2});
  CHECK(layout.routes()[2].stages == std::vector<int>{3});
  REQUIRE(layout.stages().size() == 4);
  const std::vector<std::string> stage_ids{"exit", "entry", "only", "gate"};
  const std::vector<int> stage_route{0, 0, 1, 2}, stage_position{0, 1, 0, 0};
  for (std::size_t i = 0; i < 4; ++i) {
    INFO("stage " << i);
    CHECK(layout.stages()[i].spec->id == stage_ids[i]);
    CHECK(layout.stages()[i].route == stage_route[i]);
    CHECK(layout.stages()[i].position == stage_position[i]);
  }

  // Global lane group indices: exit.a 0, exit.b 1, entry's 2, only's 3, gate.x 4, gate.y 5.
  REQUIRE(layout.groups().size() == 6);
  const std::vector<int> group_stage{0, 0, 1, 2, 3, 3};
  for (std::size_t g = 0; g < 6; ++g) CHECK(layout.groups()[g].stage == group_stage[g]);
  CHECK(layout.groups()[1].spec->id == "b");
  CHECK(layout.groups()[5].spec->id == "y");
  CHECK(layout.stages()[0].groups == std::vector<int>{0, 1});
  CHECK(layout.stages()[3].groups == std::vector<int>{4, 5});
}

TEST_CASE("RunLayout lists the lane groups serving each class at each stage", "[run_layout]")
{
  const Scenario s = unit::scenario_from_yaml(kTwoCrossings);
  const RunLayout layout(s);
  REQUIRE(layout.class_count() == 5);
  const auto& exit = layout.stages()[0].groups_for;
  REQUIRE(exit.size() == 5); // one list per class, empty ones included
  CHECK(exit[kTruck] == std::vector<int>{0});
  CHECK(exit[kCar] == std::vector<int>{0, 1}); // a and b both serve cars
  CHECK(exit[kBus] == std::vector<int>{1});
  CHECK(exit[kPedestrian].empty());
  CHECK(exit[kTractor].empty());
  const auto& gate = layout.stages()[3].groups_for;
  CHECK(gate[kBus] == std::vector<int>{4, 5});
  CHECK(gate[kTruck] == std::vector<int>{5});
  CHECK(gate[kCar].empty());
}

TEST_CASE("RunLayout flows are route-major and reported where there is demand or a diversion", "[run_layout]")
{
  const Scenario s = unit::scenario_from_yaml(kTwoCrossings);
  const RunLayout layout(s);
  // 3 routes x 5 classes; flow(r, c) = 5 r + c.
  CHECK(layout.flow_count() == 15);
  CHECK(layout.flow(0, kTruck) == 0);
  CHECK(layout.flow(0, kTractor) == 4);
  CHECK(layout.flow(1, kTruck) == 5);
  CHECK(layout.flow(2, kCar) == 11);
  CHECK(layout.flow(2, kTractor) == 14);

  CHECK(layout.reported(0, kTruck));      // demand
  CHECK(layout.reported(1, kCar));        // demand
  CHECK(layout.reported(2, kBus));        // demand
  CHECK(layout.reported(2, kTruck));      // no demand, but north/out's trucks may divert to it
  CHECK_FALSE(layout.reported(0, kCar));  // served at exit, yet no demand on this route
  CHECK_FALSE(layout.reported(0, kBus));  // likewise
  CHECK_FALSE(layout.reported(1, kTruck)); // the diversion names south/back, not north/back
  CHECK_FALSE(layout.reported(2, kCar));
  CHECK_FALSE(layout.reported(0, kTractor));
  int reported = 0;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 5; ++c) reported += layout.reported(r, c);
  CHECK(reported == 4);
}
