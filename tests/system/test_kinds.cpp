// Vehicles and people are different things: every output keeps them apart, and a stage queues one kind.
#include <catch2/catch.hpp>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

// Crossing x: cars through a control, pedestrians through a passport hall of their own. Crossing y: cars only.
const std::string kTwoKinds = R"(scenario: kinds
simulation: {horizon: 4d, warmup: 12h, replications: 3, seed: 5}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: car, per_hour: 20}
          - {class: pedestrian, per_hour: 90}
        stages:
          - id: passport
            lanes: [{id: booths, count: 2, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 70s}}
            visit_probability: {car: 0}
          - id: control
            lanes: [{id: lanes, count: 2, serves: [car]}]
            service: {car: {dist: exponential, mean: 5min}}
            visit_probability: {pedestrian: 0}
  - id: y
    directions:
      - id: in
        demand:
          - {class: car, per_hour: 10}
        stages:
          - id: control
            lanes: [{id: lanes, count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 4min}}
)";

CsvRecord only(const std::vector<CsvRecord>& rows)
{
  REQUIRE(rows.size() == 1);
  return rows.front();
}

} // namespace

TEST_CASE("No output adds people to vehicles: kinds in summary, stages and comparison, network.csv per kind", "[kinds]")
{
  TempDir dir;
  const std::string file = dir.write("kinds.yaml", kTwoKinds);
  const auto run = run_bordersim({"run", file, "--out", dir.file("out"), "--quiet", "--no-report"});
  REQUIRE(run.exit_code == 0);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  const auto stages = read_csv(dir.file("out/stages.csv"));
  const auto network = read_csv(dir.file("out/network.csv"));

  CHECK(only(select(summary, {{"crossing", "x"}, {"class", "car"}})).at("kind") == "vehicle");
  CHECK(only(select(summary, {{"crossing", "x"}, {"class", "pedestrian"}})).at("kind") == "person");
  const CsvRecord hall = only(select(stages, {{"crossing", "x"}, {"stage", "passport"}}));
  const CsvRecord control = only(select(stages, {{"crossing", "x"}, {"stage", "control"}}));
  CHECK(hall.at("kind") == "person");
  CHECK(control.at("kind") == "vehicle");

  // Each network row is one kind's own figures: served from its classes, waiting hours from its stages' queues.
  const double cars_x = number(only(select(summary, {{"crossing", "x"}, {"class", "car"}})), "served_per_day");
  const double people_x = number(only(select(summary, {{"crossing", "x"}, {"class", "pedestrian"}})), "served_per_day");
  const double cars_y = number(only(select(summary, {{"crossing", "y"}, {"class", "car"}})), "served_per_day");
  const CsvRecord x_vehicles = only(select(network, {{"level", "crossing"}, {"crossing", "x"}, {"kind", "vehicle"}}));
  const CsvRecord x_people = only(select(network, {{"level", "crossing"}, {"crossing", "x"}, {"kind", "person"}}));
  const CsvRecord border_vehicles = only(select(network, {{"level", "border"}, {"kind", "vehicle"}}));
  const CsvRecord border_people = only(select(network, {{"level", "border"}, {"kind", "person"}}));
  CHECK(select(network, {{"crossing", "y"}, {"kind", "person"}}).empty()); // no people at y: no row of people
  CHECK(number(x_vehicles, "served_per_day") == Approx(cars_x).epsilon(1e-9));
  CHECK(number(x_people, "served_per_day") == Approx(people_x).epsilon(1e-9));
  CHECK(number(border_vehicles, "served_per_day") == Approx(cars_x + cars_y).epsilon(1e-9));
  CHECK(number(border_people, "served_per_day") == Approx(people_x).epsilon(1e-9));
  // Little's law over the window: hours waited a day = the mean number waiting x 24.
  CHECK(number(x_vehicles, "wait_hours_per_day") == Approx(24 * number(control, "queue_mean")).epsilon(1e-6));
  CHECK(number(x_people, "wait_hours_per_day") == Approx(24 * number(hall, "queue_mean")).epsilon(1e-6));
  CHECK(border_vehicles.at("crossing").empty());
  // People far outnumber cars here (90 against 30 an hour), so a sum would show.
  CHECK(people_x > 2 * (cars_x + cars_y));

  // compare's units say people for the people's rows, vehicles for the cars'.
  const auto compared = run_bordersim({"compare", file, file, "--variant", "2:simulation.demand_scale=1.1", "--out",
                                       dir.file("cmp"), "--quiet", "--no-report"});
  REQUIRE(compared.exit_code == 0);
  const auto comparison = read_csv(dir.file("cmp/comparison.csv"));
  for (const auto& row : select(comparison, {{"crossing", "x"}, {"metric", "served_per_day"}})) {
    CHECK(row.at("unit") == (row.at("class") == "pedestrian" ? "people/day" : "vehicles/day"));
    CHECK(row.at("kind") == (row.at("class") == "pedestrian" ? "person" : "vehicle"));
  }
  for (const auto& row : select(comparison, {{"crossing", "x"}, {"metric", "queue_max"}}))
    CHECK(row.at("unit") == (row.at("stage") == "passport" ? "people" : "vehicles"));
  CHECK_FALSE(select(comparison, {{"unit", "people/day"}}).empty());
}

TEST_CASE("capacity states vehicles and people apart when both grow", "[kinds][capacity]")
{
  TempDir dir;
  const std::string file = dir.write("kinds.yaml", kTwoKinds);
  const auto cap = run_bordersim({"capacity", file, "--crossing", "x", "--grow", "all", "--judge", "car", "--target-p95-wait",
                                  "30min", "--max-scale", "2", "--quiet"});
  INFO(cap.out << cap.err);
  REQUIRE(cap.exit_code == 0);
  CHECK(cap.out.find("simulated: x alone") != std::string::npos);
  for (const std::string line_start : {"today (scale 1): ", "design capacity (analytic):"}) {
    const auto at = cap.out.find(line_start);
    REQUIRE(at != std::string::npos);
    const std::string line = cap.out.substr(at, cap.out.find('\n', at) - at);
    INFO(line);
    CHECK(line.find("vehicles") != std::string::npos);
    CHECK(line.find("people") != std::string::npos);
  }
}

TEST_CASE("A stage that would queue vehicles and people together is refused, located", "[kinds][bad-input]")
{
  TempDir dir;
  const std::string mixed = R"(scenario: mixed
simulation: {horizon: 1d}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: car, per_hour: 20}
          - {class: pedestrian, per_hour: 90}
        stages:
          - id: control
            lanes: [{id: lanes, count: 2, serves: [car, pedestrian]}]
            service: {car: {dist: exponential, mean: 5min}, pedestrian: {dist: exponential, mean: 1min}}
)";
  const auto r = run_bordersim({"validate", dir.write("mixed.yaml", mixed)});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("mixed.yaml:11:13: crossings.x.directions.in.stages.control: stage 'control' would queue vehicles ('car') and "
                   "people ('pedestrian') together") != std::string::npos);
}

TEST_CASE("A class of the user's says whether it is vehicles or people", "[kinds][bad-input]")
{
  TempDir dir;
  const std::string classes = "classes:\n  - {id: minibus, length_m: 10}\n  - {id: cyclist, length_m: 2, kind: bicycle}\n";
  const auto r = run_bordersim({"validate", dir.write("classes.yaml", classes + kTwoKinds)});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("classes.yaml:2:5: classes.minibus: missing required key 'kind'") != std::string::npos);
  CHECK(r.err.find("classes.yaml:3:38: classes.cyclist.kind: expected vehicle or person, not 'bicycle'") != std::string::npos);
  const auto fixed = run_bordersim(
      {"validate", dir.write("fixed.yaml", "classes:\n  - {id: minibus, length_m: 10, kind: vehicle}\n" + kTwoKinds)});
  CHECK(fixed.exit_code == 0);
}
