#include <catch2/catch.hpp>

#include <cmath>

#include "models/config/scenario_loader.hpp"
#include "models/queueing_theory.hpp"
#include "tests/unit/unit_support.hpp"

using namespace bordersim;
using unit::ScratchDir;

TEST_CASE("The M/M/3 example loads with the documented defaults", "[loader]")
{
  const auto loaded = load_scenario(std::string(BORDERSIM_SOURCE_DIR) + "/configs/mmc-example.yaml", {});
  for (const auto& d : loaded.diagnostics.all()) UNSCOPED_INFO(d.format());
  REQUIRE(loaded.scenario);
  const Scenario& s = *loaded.scenario;
  CHECK(s.name == "mmc-example");
  CHECK(s.simulation.horizon_s == 2000 * 3600.0);
  CHECK(s.simulation.replications == 5);
  CHECK(s.simulation.seed == 11);
  CHECK(s.simulation.sample_interval_s == 3600.0); // default
  CHECK(s.classes.size() == 4);                     // built-in classes
  REQUIRE(s.crossings.size() == 1);
  const auto& dir = s.crossings[0].directions[0];
  CHECK(dir.demand[0].mean_rate_per_s == Approx(162.0 / 3600));
  CHECK(dir.stages[0].lane_groups[0].lane_count == 3);
  CHECK(dir.stages[0].queue_capacity == kUnboundedQueue);
  const auto loads = offered_loads(s);
  REQUIRE(loads.size() == 1);
  CHECK(loads[0].utilisation == Approx(0.9));
}

TEST_CASE("extends: a reconstruction states only its differences", "[loader]")
{
  ScratchDir dir;
  const std::string base = dir.write("base.yaml", R"(scenario: base
simulation: {horizon: 10d, replications: 2}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 200}]
        stages:
          - id: post
            lanes: [{id: booths, count: 2, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)");
  (void)base;
  const std::string child = dir.write("child.yaml", R"(extends: base.yaml
scenario: rebuilt
crossings:
  - id: k
    directions:
      - id: in
        stages:
          - id: post
            lanes: [{id: booths, count: 6}]
)");
  const auto loaded = load_scenario(child, {"simulation.demand_scale=1.5"});
  for (const auto& d : loaded.diagnostics.all()) UNSCOPED_INFO(d.format());
  REQUIRE(loaded.scenario);
  CHECK(loaded.scenario->name == "rebuilt");
  const auto& group = loaded.scenario->crossings[0].directions[0].stages[0].lane_groups[0];
  CHECK(group.lane_count == 6);
  CHECK(group.served_classes.size() == 1); // kept from the base
  CHECK(loaded.scenario->simulation.demand_scale == 1.5);
}

TEST_CASE("A count raised past a roster by --set or an extending file is warned of: the lanes added are never staffed",
          "[loader][roster]")
{
  // "12 windows, 3 staffed by day, 2 at night": the file that says both means it, so no warning.
  ScratchDir dir;
  dir.write("base.yaml", R"(scenario: base
simulation: {horizon: 10d, replications: 2}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 200}]
        stages:
          - id: post
            lanes:
              - id: windows
                count: 12
                serves: [truck]
                roster:
                  - {id: day, days: Mon-Sun, open: ["08:00-20:00"], lanes: 3}
                  - {id: night, days: Mon-Sun, open: ["20:00-08:00"], lanes: 2}
            service: {truck: {dist: exponential, mean: 10min}}
)");
  const std::string count_key = "crossings.k.directions.in.stages.post.lanes.windows.count";
  const auto warnings_of = [&](const std::string& path, const std::vector<std::string>& overrides) {
    const auto loaded = load_scenario(path, overrides);
    for (const auto& d : loaded.diagnostics.all()) UNSCOPED_INFO(d.format());
    REQUIRE(loaded.scenario);
    std::vector<std::string> out;
    for (const auto& d : loaded.diagnostics.all())
      if (d.key_path == count_key) {
        CHECK(d.severity == Severity::Warning);
        out.push_back(d.format());
      }
    return out;
  };
  CHECK(warnings_of(dir.file("base.yaml"), {}).empty());
  // A --set of the count alone: the trap. Said where it was written, with what to set instead.
  const auto raised = warnings_of(dir.file("base.yaml"), {count_key + "=6"});
  REQUIRE(raised.size() == 1);
  CHECK(raised[0].find("--set:1:1: " + count_key + ": warning: count 6 is more lanes than the roster of " + dir.file("base.yaml") +
                       " ever staffs (at most 3)") != std::string::npos);
  CHECK(raised[0].find("crossings.k.directions.in.stages.post.lanes.windows.roster.day.lanes=N") != std::string::npos);
  // With a shift's lanes set too, the count is meant: no warning; nor when the count stays within the roster's lanes.
  CHECK(warnings_of(dir.file("base.yaml"), {count_key + "=6", "crossings.k.directions.in.stages.post.lanes.windows.roster.day.lanes=6"})
            .empty());
  CHECK(warnings_of(dir.file("base.yaml"), {count_key + "=3"}).empty());
  // An extending file that raises the count alone is warned of at its line; one that staffs the lanes too is not.
  dir.write("count-only.yaml", "extends: base.yaml\nscenario: more\ncrossings:\n  - id: k\n    directions:\n      - id: in\n"
                               "        stages:\n          - {id: post, lanes: [{id: windows, count: 14}]}\n");
  const auto extended = warnings_of(dir.file("count-only.yaml"), {});
  REQUIRE(extended.size() == 1);
  CHECK(extended[0].find(dir.file("count-only.yaml") + ":8:") == 0);
  CHECK(extended[0].find("count 14 is more lanes than the roster of " + dir.file("base.yaml")) != std::string::npos);
  dir.write("staffed.yaml", "extends: base.yaml\nscenario: staffed\ncrossings:\n  - id: k\n    directions:\n      - id: in\n"
                            "        stages:\n          - {id: post, lanes: [{id: windows, count: 14, roster: [{id: day, lanes: 9}, "
                            "{id: night, lanes: 9}]}]}\n");
  CHECK(warnings_of(dir.file("staffed.yaml"), {}).empty());
  // A file that adds a roster to lanes counted in its base: the roster is the point ("of 12, 3 work").
  dir.write("plain.yaml", R"(scenario: plain
simulation: {horizon: 10d, replications: 2}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 200}]
        stages:
          - id: post
            lanes: [{id: windows, count: 12, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)");
  dir.write("rostered.yaml", "extends: plain.yaml\nscenario: rostered\ncrossings:\n  - id: k\n    directions:\n      - id: in\n"
                             "        stages:\n          - {id: post, lanes: [{id: windows, roster: [{days: Mon-Sun, lanes: 4}]}]}\n");
  CHECK(warnings_of(dir.file("rostered.yaml"), {}).empty());
}

TEST_CASE("An unstable stage gives a warning, not an error", "[loader]")
{
  ScratchDir dir;
  const std::string path = dir.write("unstable.yaml", R"(scenario: unstable
simulation: {horizon: 10d}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 300}]
        stages:
          - id: post
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)");
  const auto loaded = load_scenario(path, {});
  REQUIRE(loaded.scenario);
  REQUIRE(loaded.diagnostics.all().size() == 1);
  CHECK(loaded.diagnostics.all()[0].severity == Severity::Warning);
  CHECK(loaded.diagnostics.all()[0].format().find("offered utilisation 2.08 >= 1") != std::string::npos);
}

TEST_CASE("queue_capacity on a first stage is refused", "[loader]")
{
  ScratchDir dir;
  const std::string path = dir.write("first-capacity.yaml", R"(scenario: x
simulation: {horizon: 10d}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 100}]
        stages:
          - id: post
            queue_capacity: 5
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)");
  const auto loaded = load_scenario(path, {});
  CHECK_FALSE(loaded.scenario);
  REQUIRE(loaded.diagnostics.all().size() == 1);
  CHECK(loaded.diagnostics.all()[0].format().find(":10:29: crossings.k.directions.in.stages.post.queue_capacity:") !=
        std::string::npos);
}

TEST_CASE("A seasonal peak or a scheduled slow-down that overloads a stage is warned about", "[loader]")
{
  ScratchDir dir;
  const std::string path = dir.write("peak.yaml", R"(scenario: peak
simulation: {horizon: 60d, start_date: 2025-07-01}
crossings:
  - id: k
    directions:
      - id: in
        demand:
          - class: truck
            per_day: 100
            profile: {monthly: [1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1]}
        stages:
          - id: post
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)");
  // 100 a day of 10 min: 0.69 on average; the August weight 2 of a mean 1.083 doubles-ish it: 1.28.
  const auto loaded = load_scenario(path, {});
  REQUIRE(loaded.scenario);
  REQUIRE(loaded.diagnostics.all().size() == 1);
  CHECK(loaded.diagnostics.all()[0].format().find("reaches 1.28 in the week from day 31 (2025-08-01") != std::string::npos);
  const auto loads = offered_loads(*loaded.scenario);
  CHECK(loads[0].utilisation < 1.0);

  const auto slowed = load_scenario(path, {"crossings.k.directions.in.demand.truck.profile={}",
                                           "crossings.k.directions.in.stages.post.events=[{id: checks, start: 10d, duration: 14d, "
                                           "service_factor: 2}]"});
  REQUIRE(slowed.scenario);
  REQUIRE(slowed.diagnostics.all().size() == 1);
  CHECK(slowed.diagnostics.all()[0].format().find("reaches 1.39 in the week from day 10") != std::string::npos);
}

TEST_CASE("The load check offers a stage only what the overloaded stage upstream passes", "[loader]")
{
  // 120 trucks an hour: exit post 1 lane of 40 s (capacity 90 an hour: 1.33), entry post 2 lanes of 65 s (110 an
  // hour: its demand offers 1.08, but only 90 an hour get past the exit: 0.81). A scanner after it of 1 lane of
  // 50 s for half the trucks (45 an hour of the 90 passed, capacity 72: 0.625).
  ScratchDir dir;
  const auto stage = [](const std::string& id, int lanes, const std::string& mean, const std::string& extra = "") {
    return "          - id: " + id + "\n            lanes: [{count: " + std::to_string(lanes) +
           ", serves: [truck]}]\n            service: {truck: {dist: exponential, mean: " + mean + "}}\n" + extra;
  };
  const std::string head = "scenario: chain\nsimulation: {horizon: 10d}\ncrossings:\n  - id: k\n    directions:\n      - id: in\n"
                           "        demand: [{class: truck, per_hour: 120}]\n        stages:\n";
  const auto loaded = load_scenario(dir.write("chain.yaml", head + stage("exit", 1, "40s") + stage("entry", 2, "65s") +
                                                               stage("scanner", 1, "50s", "            visit_probability: {truck: 0.5}\n")),
                                    {});
  REQUIRE(loaded.scenario);
  const auto loads = offered_loads(*loaded.scenario);
  REQUIRE(loads.size() == 3);
  CHECK(loads[0].utilisation == Approx(120.0 / 90));
  CHECK(loads[0].capped_by == -1);
  CHECK(loads[1].demand_utilisation == Approx(120.0 * 65 / 3600 / 2));
  CHECK(loads[1].utilisation == Approx(90.0 * 65 / 3600 / 2));
  CHECK(loads[1].capped_by == 0);
  CHECK(loads[2].utilisation == Approx(45.0 * 50 / 3600));
  // Only the exit post is warned of: the entry post behind it never sees more than the exit passes.
  std::size_t warnings = 0;
  for (const auto& d : loaded.diagnostics.all()) {
    INFO(d.format());
    ++warnings;
    CHECK(d.format().find("stages.exit: warning: offered utilisation 1.33") != std::string::npos);
  }
  CHECK(warnings == 1);
  // An entry post too small even for what the exit passes is warned of, with both figures.
  const auto tight = load_scenario(dir.write("tight.yaml", head + stage("exit", 1, "40s") + stage("entry", 1, "65s")), {});
  REQUIRE(tight.scenario);
  bool entry_warned = false;
  for (const auto& d : tight.diagnostics.all())
    entry_warned = entry_warned || d.format().find("stages.entry: warning: offered utilisation 1.62 (of what 'exit' upstream "
                                                   "passes; its demand alone offers 2.17) >= 1") != std::string::npos;
  CHECK(entry_warned);
}

TEST_CASE("A waiting zone loads in vehicles, metres or both, within the stage's waiting area", "[loader][waiting_zone]")
{
  ScratchDir dir;
  auto load = [&](const std::string& first_zone, const std::string& entry_zone) {
    return load_scenario(dir.write("zone.yaml", R"(scenario: x
simulation: {horizon: 10d}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 100}]
        stages:
          - id: post
            waiting_zone: )" + first_zone + R"(
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
          - id: entry
            queue_capacity: 30
            queue_capacity_m: 500
            waiting_zone: )" + entry_zone + R"(
            lanes: [{count: 1, serves: [truck]}]
            service: {truck: {dist: exponential, mean: 10min}}
)"),
                         {});
  };
  auto errors = [](const LoadedScenario& loaded) {
    std::string all;
    for (const auto& d : loaded.diagnostics.all()) all += d.format() + "\n";
    return all;
  };
  const auto loaded = load("{capacity: 50}", "{capacity: 30, capacity_m: 400}");
  INFO(errors(loaded));
  REQUIRE(loaded.scenario);
  const auto& stages = loaded.scenario->crossings[0].directions[0].stages;
  REQUIRE(stages[0].waiting_zone); // a first stage's queue is unbounded, and a zone may stand before it
  CHECK(stages[0].waiting_zone->capacity == 50);
  CHECK(std::isinf(stages[0].waiting_zone->capacity_m));
  REQUIRE(stages[1].waiting_zone);
  CHECK(stages[1].waiting_zone->capacity == 30); // the whole waiting area may be the zone
  CHECK(stages[1].waiting_zone->capacity_m == 400);

  const auto larger = load("{capacity_m: 1000}", "{capacity: 31, capacity_m: 501}");
  CHECK_FALSE(larger.scenario);
  CHECK(errors(larger).find(":16:38: crossings.k.directions.in.stages.entry.waiting_zone.capacity: a zone of 31 vehicles is "
                            "larger than the stage's waiting area (queue_capacity 30)") != std::string::npos);
  CHECK(errors(larger).find(":16:54: crossings.k.directions.in.stages.entry.waiting_zone.capacity_m: a zone of 501 m is "
                            "larger than the stage's waiting area (queue_capacity_m 500)") != std::string::npos);
  CHECK(larger.diagnostics.all().size() == 2);

  const auto empty = load("{}", "{capacity: 1}");
  CHECK_FALSE(empty.scenario);
  CHECK(errors(empty).find(":10:27: crossings.k.directions.in.stages.post.waiting_zone: give the zone's capacity (vehicles), "
                           "capacity_m (metres), or both") != std::string::npos);
}
