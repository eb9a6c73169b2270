// run_info.json: what produced a results folder (version, commit, seed, SimGrid, wall time, command), and the
// run facts the report shows (description, sample interval, display names), so that it reads nothing else.
#pragma once

#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace bordersim {

struct RunInfo {
  std::string scenario_file;
  std::vector<std::string> command_line;
  std::string simgrid_version;
  int jobs = 1;
  std::string started_utc;
  double wall_time_s = 0;
  std::vector<std::string> files;
};

std::string run_info_json(const Scenario& scenario, const RunInfo& info);

} // namespace bordersim
