#include "sim/output/run_info.hpp"

#include "models/formats/json_writer.hpp"
#include "models/formats/units.hpp"
#include "version.hpp"

namespace bordersim {

namespace {

/// Display names by id path ("crossing", "crossing/direction/stage"); a name that is just the id is left out,
/// since readers fall back to the id.
void write_names(JsonWriter& j, const Scenario& scenario)
{
  j.begin_object();
  for (const auto& crossing : scenario.crossings) {
    if (crossing.name != crossing.id) j.key(crossing.id).value(crossing.name);
    for (const auto& direction : crossing.directions)
      for (const auto& stage : direction.stages)
        if (stage.name != stage.id) j.key(crossing.id + "/" + direction.id + "/" + stage.id).value(stage.name);
  }
  j.end_object();
}

} // namespace

std::string run_info_json(const Scenario& scenario, const RunInfo& info)
{
  const auto& sim = scenario.simulation;
  const auto list = [](JsonWriter& j, const std::vector<std::string>& items) {
    j.begin_array();
    for (const auto& item : items) j.value(item);
    j.end_array();
  };
  // A file for people and tools, not for a web page: only the escapes JSON requires.
  JsonWriter j({JsonEscaping::minimal, 2});
  j.begin_object();
  j.key("tool").value("bordersim");
  j.key("version").value(BORDERSIM_VERSION);
  j.key("git_commit").value(BORDERSIM_GIT_COMMIT);
  j.key("simgrid_version").value(info.simgrid_version);
  j.key("scenario").value(scenario.name);
  j.key("scenario_file").value(info.scenario_file);
  j.key("seed").value(sim.seed);
  j.key("replications").value(sim.replications);
  j.key("horizon_h").fixed(sim.horizon_s / kSecondsPerHour, 12);
  j.key("warmup_h").fixed(sim.warmup_s / kSecondsPerHour, 12);
  j.key("start_date").value(sim.calendar.date_text());
  j.key("jobs").value(info.jobs);
  j.key("started_utc").value(info.started_utc);
  j.key("wall_time_s").fixed(info.wall_time_s, 6);
  list(j.key("command_line"), info.command_line);
  list(j.key("files"), info.files);
  // Facts the report shows that the keys above do not hold; absent from folders written before them.
  if (!scenario.description.empty()) j.key("description").value(scenario.description);
  j.key("sample_interval_h").fixed(sim.sample_interval_s / kSecondsPerHour, 12);
  write_names(j.key("names"), scenario);
  j.end_object();
  return j.text() + "\n";
}

} // namespace bordersim
