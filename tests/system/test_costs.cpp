// The cost, fuel and CO2 of waiting: each class's waiting hours priced at its rates, exactly, and the border's totals
// the sums of the classes'.
#include <catch2/catch.hpp>

#include <cmath>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

// Trucks at the built-in rates, cars at a value of time given here and no fuel rate, people at none.
const std::string kScenario = R"(scenario: costs
simulation: {horizon: 20d, warmup: 1d, replications: 4, seed: 3}
classes:
  - {id: car, length_m: 7, kind: vehicle, value_of_time_usd_per_hour: 10}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - {class: truck, per_day: 200}
          - {class: car, per_day: 300}
          - {class: pedestrian, per_day: 400}
        stages:
          - id: booth
            lanes: [{id: vehicles, count: 1, serves: [truck, car]}]
            service: {truck: {dist: exponential, mean: 2min}, car: {dist: exponential, mean: 1.2min}}
            visit_probability: {pedestrian: 0}
          - id: hall
            lanes: [{id: people, count: 1, serves: [pedestrian]}]
            service: {pedestrian: {dist: exponential, mean: 2min}}
            visit_probability: {truck: 0, car: 0}
)";

CsvRecord row_of(const std::vector<CsvRecord>& rows, const std::string& column, const std::string& value)
{
  for (const auto& r : rows)
    if (r.at(column) == value) return r;
  FAIL("no row with " << column << " = " << value);
  return {};
}

} // namespace

TEST_CASE("The cost, fuel and CO2 of waiting are each class's waiting hours times its rates, and the border's are their sums",
          "[costs]")
{
  TempDir dir;
  const auto r = run_bordersim({"run", dir.write("costs.yaml", kScenario), "--out", dir.file("out"), "--no-report", "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = read_csv(dir.file("out/summary.csv"));
  // summary.csv writes 10 significant digits: the products agree to that.
  const double digits = 1e-9;
  const auto truck = row_of(summary, "class", "truck");
  const double truck_hours = number(truck, "wait_hours_per_day");
  REQUIRE(truck_hours > 0);
  CHECK(number(truck, "wait_cost_usd_per_day") == Approx(truck_hours * 36.28).epsilon(digits));
  CHECK(number(truck, "idle_fuel_l_per_day") == Approx(truck_hours * 1.85).epsilon(digits));
  CHECK(number(truck, "idle_co2_kg_per_day") == Approx(truck_hours * 1.85 * 2.66).epsilon(digits));
  const auto car = row_of(summary, "class", "car");
  const double car_hours = number(car, "wait_hours_per_day");
  CHECK(number(car, "wait_cost_usd_per_day") == Approx(car_hours * 10).epsilon(digits));
  CHECK(car.at("idle_fuel_l_per_day").empty()); // no rate: not counted, rather than counted at 0
  CHECK(car.at("idle_co2_kg_per_day").empty());
  const auto people = row_of(summary, "class", "pedestrian");
  CHECK(people.at("wait_cost_usd_per_day").empty());
  // The hours are the waits of the window's arrivals: their mean wait times how many arrive a day, but for those
  // still inside at the horizon (a few of some 4,000 a replication: well under 1%).
  CHECK(truck_hours == Approx(number(truck, "wait_mean_min") / 60 * number(truck, "arrived_per_day")).epsilon(0.01));
  // network.csv: the crossing's and the border's vehicles cost what their classes do, summed; people cost nothing here.
  const auto network = read_csv(dir.file("out/network.csv"));
  for (const auto& row : network) {
    INFO(row.at("level") << " " << row.at("crossing") << " " << row.at("kind"));
    if (row.at("kind") == "person") {
      CHECK(row.at("wait_cost_usd_per_day").empty());
      continue;
    }
    CHECK(number(row, "wait_cost_usd_per_day") == Approx(truck_hours * 36.28 + car_hours * 10).epsilon(digits * 10));
    CHECK(number(row, "idle_co2_kg_per_day") == Approx(truck_hours * 1.85 * 2.66).epsilon(digits * 10));
  }
}

TEST_CASE("compare states what a scenario saves a year in money and CO2, the sum of its classes' differences", "[costs][compare]")
{
  TempDir dir;
  const std::string today = dir.write("today.yaml", kScenario);
  std::string more = kScenario;
  more.replace(more.find("scenario: costs"), 15, "scenario: wider");
  more.replace(more.find("{id: vehicles, count: 1"), 23, "{id: vehicles, count: 2");
  const auto r = run_bordersim({"compare", today, dir.write("wider.yaml", more), "--out", dir.file("cmp"), "--no-report", "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The border's daily difference is the sum of its classes' (paired differences add up), times 365.
  double daily_usd = 0, daily_co2_kg = 0;
  for (const auto& row : read_csv(dir.file("cmp/comparison.csv"))) {
    if (row.at("scenario") != "wider" || row.at("crossing") == "all") continue;
    if (row.at("metric") == "wait_cost_usd_per_day") daily_usd += number(row, "difference");
    if (row.at("metric") == "idle_co2_kg_per_day") daily_co2_kg += number(row, "difference");
  }
  REQUIRE(daily_usd < 0); // a second lane shortens every wait
  const auto line = r.out.find("wider against costs, whole border: saves ");
  REQUIRE(line != std::string::npos);
  const std::string said = r.out.substr(line);
  INFO(said);
  const double usd = std::stod(said.substr(said.find("saves ") + 6));
  CHECK(usd == Approx(-daily_usd * 365).epsilon(0.001)); // printed to 4 significant digits
  const auto co2_at = said.find("; saves ");
  REQUIRE(co2_at != std::string::npos);
  CHECK(std::stod(said.substr(co2_at + 8)) == Approx(-daily_co2_kg * 365 / 1000).epsilon(0.001));
  CHECK(said.find("tonnes a year of CO2 from idling") != std::string::npos);
}

TEST_CASE("A deterministic day: the hours waited and their cost, fuel and CO2 match the hand count exactly", "[costs]")
{
  // Every booked slot is taken (60 trucks an hour book 6 slots an hour), each truck comes 1 min after its slot, so one
  // arrives at 00:01, 00:11, ..., every 10 min; the booth is closed from 00:00 to 01:00 and serves in exactly 5 min.
  // By hand: the six that arrive from 00:01 to 00:51 wait 59, 54, 49, 44, 39 and 34 min; those of 01:01 to 01:51
  // wait 29, 24, 19, 14, 9 and 4 min behind them; from 02:01 nobody waits. 378 min a day: 6.3 truck-hours.
  TempDir dir;
  const std::string scenario = R"(scenario: deterministic
simulation: {horizon: 4d, warmup: 1d, replications: 2, seed: 1}
crossings:
  - id: x
    directions:
      - id: in
        demand:
          - class: truck
            per_hour: 60
            booking: {share: 1, slots_per_hour: 6, no_show: 0, lateness: {dist: deterministic, value: 1min}}
        stages:
          - id: booth
            open: ["01:00-24:00"]
            lanes: [{id: lane, count: 1, serves: [truck]}]
            service: {truck: {dist: deterministic, value: 5min}}
)";
  const auto r = run_bordersim({"run", dir.write("d.yaml", scenario), "--out", dir.file("out"), "--no-report", "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto truck = read_csv(dir.file("out/summary.csv")).front();
  CHECK(number(truck, "served_per_day") == 144);
  CHECK(number(truck, "wait_max_min") == 59);
  CHECK(number(truck, "wait_hours_per_day") == 6.3);
  CHECK(number(truck, "wait_hours_per_day_ci95") == 0); // every replication the same day
  CHECK(number(truck, "wait_cost_usd_per_day") == 228.564);            // 6.3 h × $36.28
  CHECK(number(truck, "idle_fuel_l_per_day") == 11.655);               // 6.3 h × 1.85 L/h
  CHECK(number(truck, "idle_co2_kg_per_day") == Approx(31.0023).epsilon(1e-12)); // 11.655 L × 2.66 kg/L
}
