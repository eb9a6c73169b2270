// run_info.json: what made a results folder, and the run facts the report shows, as JSON that reads back.
#include <catch2/catch.hpp>

#include "models/formats/json_reader.hpp"
#include "sim/output/run_info.hpp"
#include "tests/unit/unit_support.hpp"
#include "version.hpp"

using namespace bordersim;

TEST_CASE("run_info.json holds the run's facts and reads back as JSON", "[run_info]")
{
  Scenario scenario = unit::scenario_from_yaml(unit::kTinyCrossingYaml);
  scenario.crossings[0].name = "Crossing \"K\"";
  scenario.crossings[0].directions[0].stages[1].name = "Entry post";
  RunInfo info{"configs/tiny.yaml", {"bordersim", "run", "a file.yaml"}, "3.32.0", 2, "2026-12-07T05:00:00Z", 1.5,
               {"summary.csv", "run_info.json"}};
  const JsonValue v = parse_json(run_info_json(scenario, info), "run_info.json");
  REQUIRE(v.kind == JsonValue::Kind::object);
  CHECK(v.find("tool")->text == "bordersim");
  CHECK(v.find("version")->text == BORDERSIM_VERSION);
  CHECK(v.find("scenario")->text == "tiny");
  CHECK(v.find("scenario_file")->text == "configs/tiny.yaml");
  CHECK(v.find("seed")->kind == JsonValue::Kind::number);
  CHECK(v.find("replications")->number() == 3.0);
  CHECK(v.find("horizon_h")->number() == 72.0);
  CHECK(v.find("warmup_h")->number() == 24.0);
  CHECK(v.find("jobs")->number() == 2.0);
  CHECK(v.find("wall_time_s")->number() == 1.5);
  CHECK(v.find("simgrid_version")->text == "3.32.0");
  REQUIRE(v.find("command_line")->items.size() == 3);
  CHECK(v.find("command_line")->items[2].text == "a file.yaml");
  CHECK(v.find("files")->items.size() == 2);
  // Only names that differ from their ids; no description when the scenario has none.
  const JsonValue& names = *v.find("names");
  REQUIRE(names.members.size() == 2);
  CHECK(names.find("k")->text == "Crossing \"K\"");
  CHECK(names.find("k/in/entry")->text == "Entry post");
  CHECK_FALSE(names.find("k/in/exit"));
  CHECK_FALSE(v.find("description"));
  scenario.description = "Two posts";
  CHECK(parse_json(run_info_json(scenario, info), "again").find("description")->text == "Two posts");
}
