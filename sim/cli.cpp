#include "sim/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstring>

#include "version.hpp"

namespace bordersim {

std::vector<std::string> CommandLine::all_overrides() const
{
  std::vector<std::string> out = overrides;
  if (replications) out.push_back("simulation.replications=" + std::to_string(*replications));
  if (seed) out.push_back("simulation.seed=" + std::to_string(*seed));
  return out;
}

void split_simgrid_arguments(int argc, char** argv, std::vector<char*>& simgrid_args, std::vector<char*>& own_args)
{
  simgrid_args.push_back(argv[0]);
  own_args.push_back(argv[0]);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--cfg=", 6) == 0 || std::strncmp(argv[i], "--log=", 6) == 0) simgrid_args.push_back(argv[i]);
    else own_args.push_back(argv[i]);
  }
  simgrid_args.push_back(nullptr);
  own_args.push_back(nullptr);
}

CommandLine parse_command_line(int argc, char** argv)
{
  CommandLine cl;
  for (int i = 0; i < argc; ++i) cl.argv.emplace_back(argv[i]);

  CLI::App app{"bordersim: waiting times and capacity at road border checkpoints (SimGrid discrete-event simulation)",
               "bordersim"};
  app.set_version_flag("--version", std::string("bordersim ") + BORDERSIM_VERSION + " (" + BORDERSIM_GIT_COMMIT + ")");
  app.require_subcommand(1);
  app.footer("SimGrid's own --cfg=... and --log=... options are passed to SimGrid.\n"
             "Exit codes: 0 success, 2 usage or scenario error, 1 failure while running.");
  app.add_flag("-q,--quiet", cl.quiet, "Print only warnings and errors");
  app.add_flag("-v,--verbose", cl.verbose, "Print debugging detail");

  auto* run = app.add_subcommand("run", "Run a scenario and write its results folder");
  run->add_option("config", cl.config, "Scenario file (YAML)")->required();
  auto* io = run->add_option_group("Output");
  io->add_option("-o,--out", cl.out_dir, "Results folder (default: results/<scenario>)");
  io->add_flag("--force", cl.force, "Replace results already in the folder");
  io->add_flag("--trace", cl.trace, "Also write vehicles.csv: one row per vehicle and stage");
  io->add_flag("--no-report", cl.no_report, "Do not write report.html");
  io->add_flag("--xlsx", cl.xlsx, "Also write results.xlsx (one sheet per CSV file, with charts)");
  auto* sim = run->add_option_group("Simulation");
  sim->add_option("--replications", cl.replications, "Replications (overrides simulation.replications)")->check(CLI::Range(1, 10000));
  sim->add_option("--seed", cl.seed, "Seed (overrides simulation.seed)")->check(CLI::NonNegativeNumber);
  sim->add_option("-j,--jobs", cl.jobs, "Replications run at once (default: one per core); results do not depend on it")
      ->check(CLI::Range(1, 256));
  sim->add_option("--set", cl.overrides, "Override a scenario key, e.g. --set simulation.demand_scale=1.3")->allow_extra_args(false);
  run->add_flag("-q,--quiet", cl.quiet, "Print only warnings and errors");
  run->add_flag("-v,--verbose", cl.verbose, "Print debugging detail");

  auto* validate = app.add_subcommand("validate", "Check a scenario and report every problem, without running it");
  validate->add_option("config", cl.config, "Scenario file (YAML)")->required();
  validate->add_option("--set", cl.overrides, "Override a scenario key before checking")->allow_extra_args(false);
  validate->add_flag("-q,--quiet", cl.quiet, "Print only warnings and errors");

  app.add_subcommand("schema", "Print the scenario key reference (Markdown), generated from the schema");

  auto* report = app.add_subcommand("report", "Write the HTML report of a results folder");
  report->add_option("results_dir", cl.results_dir, "Results folder written by run or compare")->required();
  report->add_option("-o,--out", cl.report_file, "HTML file (default: RESULTS_DIR/report.html)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    cl.exit_code = code == 0 ? 0 : 2;
    return cl;
  }
  if (run->parsed()) cl.command = Command::Run;
  if (validate->parsed()) cl.command = Command::Validate;
  if (app.got_subcommand("schema")) cl.command = Command::Schema;
  if (report->parsed()) cl.command = Command::Report;
  return cl;
}

} // namespace bordersim
