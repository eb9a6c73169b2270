// bordersim: parse -> load and validate -> run replications -> aggregate -> write the results folder.
// The exit codes (README.md): 0 success; 2 usage or input error; 1 failure while running; 128 + the signal
// when interrupted (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/app/cli.hpp"
#include "sim/app/calibrate.hpp"
#include "sim/app/commands.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/replication_pool.hpp"
#include "sim/engine/simgrid_loader.hpp"

namespace {

using bordersim::kExitFailure;
using bordersim::kExitUsage;

// What to say when SimGrid refuses its options, composed before SimGrid reads them: the abort handler
// below may only write it.
std::string g_simgrid_aborted;

/// SimGrid aborts on some options it refuses (after saying why): a usage error like the others.
extern "C" void simgrid_refused_options(int)
{
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, g_simgrid_aborted.data(), g_simgrid_aborted.size());
  ::_exit(kExitUsage);
}

int run_command_line(int argc, char** argv)
{
  using namespace bordersim;
  // SimGrid takes its --cfg= and --log= options first; CLI11 parses the rest. Without such options SimGrid is
  // loaded only by a command that simulates, before its first replication (run_tasks): the others start
  // without it (docs/performance.md, "Start-up").
  std::vector<char*> simgrid_args, own_args;
  split_simgrid_arguments(argc, argv, simgrid_args, own_args);
  int simgrid_argc = static_cast<int>(simgrid_args.size()) - 1;
  if (simgrid_argc > 1) {
    std::string refused = "bordersim: SimGrid refused";
    for (int i = 1; i < simgrid_argc; ++i) refused += std::string(" ") + simgrid_args[static_cast<std::size_t>(i)];
    g_simgrid_aborted = refused + " (see above)\n";
    std::signal(SIGABRT, simgrid_refused_options);
    try {
      Clock::initialise(&simgrid_argc, simgrid_args.data());
    } catch (const SimGridUnavailable& e) {
      std::fprintf(stderr, "bordersim: %s\n", e.what());
      return kExitFailure;
    } catch (const std::exception& e) {
      const std::string what = e.what(); // the first line: SimGrid lists every key after it
      std::fprintf(stderr, "%s: %s\n", refused.c_str(), what.substr(0, what.find('\n')).c_str());
      return kExitUsage;
    }
    std::signal(SIGABRT, SIG_DFL);
  }
  install_interrupt_handlers();

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
  case Command::Sweep: return sweep_command(cl);
  case Command::Merge: return merge_command(cl);
  case Command::Calibrate: return calibrate_command(cl);
  case Command::None: break;
  }
  return kExitUsage;
}

/// Tables, the schema and --help go to standard output: a full disk or closed pipe there is a failure too,
/// not a success with the output lost.
bool standard_output_written()
{
  errno = 0;
  std::cout.flush();
  const bool ok = std::cout.good() && std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
  if (!ok)
    std::fprintf(stderr, "bordersim: cannot write the standard output: %s\n", errno != 0 ? std::strerror(errno) : "write error");
  return ok;
}

} // namespace

int main(int argc, char** argv)
{
  // Whatever escapes a command ends here with its cause, never in std::terminate.
  const int code = bordersim::exit_code_of([&] { return run_command_line(argc, argv); }, stderr);
  // A signal that came while no worker ran (loading, writing) still stops with its code, said once.
  if (const int signal = bordersim::interrupt_signal(); signal != 0 && code != 128 + signal)
    return bordersim::interrupted_exit(signal, stderr);
  if (!standard_output_written() && code == 0) return kExitFailure;
  return code;
}
