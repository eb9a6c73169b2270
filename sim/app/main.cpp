// bordersim: parse -> load and validate -> run replications -> aggregate -> write the results folder.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "sim/app/cli.hpp"
#include "sim/app/commands.hpp"
#include "sim/engine/clock.hpp"

int main(int argc, char** argv)
{
  using namespace bordersim;
  // SimGrid takes its --cfg= and --log= options first; CLI11 parses the rest.
  std::vector<char*> simgrid_args, own_args;
  split_simgrid_arguments(argc, argv, simgrid_args, own_args);
  int simgrid_argc = static_cast<int>(simgrid_args.size()) - 1;
  Clock::initialise(&simgrid_argc, simgrid_args.data());

  const CommandLine cl = parse_command_line(static_cast<int>(own_args.size()) - 1, own_args.data());
  if (cl.exit_code >= 0) return cl.exit_code;

  auto logger = spdlog::stderr_color_mt("bordersim");
  logger->set_pattern("%v");
  logger->set_level(cl.quiet ? spdlog::level::warn : cl.verbose ? spdlog::level::debug : spdlog::level::info);
  spdlog::set_default_logger(logger);

  switch (cl.command) {
  case Command::Run: return run_command(cl);
  case Command::Validate: return validate_command(cl);
  case Command::Schema: return schema_command();
  case Command::Report: return report_command(cl);
  case Command::Compare: return compare_command(cl);
  case Command::Baseline: return baseline_command(cl);
  case Command::Check: return check_command(cl);
  case Command::Capacity: return capacity_command(cl);
  case Command::None: break;
  }
  return 2;
}
