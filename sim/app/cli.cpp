#include "sim/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <cstring>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_schema.hpp"
#include "models/formats/timestamp.hpp"
#include "models/formats/units.hpp"
#include "version.hpp"

namespace bordersim {
namespace {

void add_verbosity(CLI::App* app, CommandLine& cl)
{
  app->add_flag("-q,--quiet", cl.quiet, "Print only warnings and errors");
  app->add_flag("-v,--verbose", cl.verbose, "Print debugging detail");
}

/// --seed read exactly as written (no detour through a double or a wrapped integer), within simulation.seed's
/// bounds, which the message states in digits.
CLI::Validator seed_range()
{
  const auto highest = static_cast<std::uint64_t>(find_key_spec("simulation.seed")->max.value_or(0));
  const auto check = [highest](std::string& text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size() && value <= highest) return std::string{};
    return "expected a whole number from 0 to " + std::to_string(highest) + ", got " + escape_for_terminal(text);
  };
  return CLI::Validator(check, "INT in [0 - " + std::to_string(highest) + "]"); // as CLI::Range shows its bounds
}

/// --set key.path=value: CLI11 would take `--set key value` as the key and then a second scenario file, and
/// say "config: At Most 1 required but received 2".
CLI::Validator key_assignment()
{
  const auto check = [](std::string& text) {
    const auto eq = text.find('=');
    if (eq != std::string::npos && eq > 0) return std::string{};
    return escape_for_terminal(text) + " is not key.path=value: write --set " +
           (eq == 0 ? std::string("KEY") : escape_for_terminal(text)) + "=VALUE, with '=' and no space";
  };
  return CLI::Validator(check, "KEY=VALUE");
}

/// compare --variant N:key.path=value, N a scenario's position from 1 to 64.
CLI::Validator scenario_variant()
{
  const auto check = [](std::string& text) {
    const auto colon = text.find(':');
    std::size_t position = 0;
    const char* end = text.data() + (colon == std::string::npos ? 0 : colon);
    const auto [at, ec] = std::from_chars(text.data(), end, position);
    if (colon == std::string::npos || ec != std::errc{} || at != end || position < 1 || position > 64)
      return escape_for_terminal(text) + " is not N:key.path=value, N the scenario's position (1 is the first)";
    std::string assignment = text.substr(colon + 1);
    return key_assignment()(assignment);
  };
  return CLI::Validator(check, "N:KEY=VALUE");
}

/// The options every command that runs a scenario takes, registered once.
void add_run_options(CLI::App* app, CommandLine& cl, bool with_replications)
{
  auto* sim = app->add_option_group("Simulation");
  if (with_replications) {
    sim->add_option("--replications", cl.replications, "Replications (overrides simulation.replications)")->check(CLI::Range(1, 10000));
    sim->add_option("--seed", cl.seed, "Seed (overrides simulation.seed)")->check(seed_range());
  }
  sim->add_option("-j,--jobs", cl.jobs, "Replications run at once (default: one per core); results do not depend on it")
      ->check(CLI::Range(1, 256));
  sim->add_option("--set", cl.overrides, "Override a scenario key, e.g. --set simulation.demand_scale=1.3")
      ->allow_extra_args(false)
      ->check(key_assignment());
  // Hidden (no group): how long a worker may report no progress before it is killed. Tests use seconds.
  // CLI11 does not name hidden options in its messages: this one names itself.
  const auto set_worker_timeout = [&cl](const std::string& text) {
    cl.worker_timeout_s = parse_duration_s(text);
    if (!cl.worker_timeout_s || *cl.worker_timeout_s <= 0)
      throw CLI::ValidationError("--worker-timeout", "'" + text + "' is not a duration such as 10min");
  };
  sim->add_option_function<std::string>("--worker-timeout", set_worker_timeout)->group("");
}

/// --target-precision, --max-replications, --precision-metric: for run and sweep.
void add_precision_options(CLI::App* app, CommandLine& cl)
{
  auto* precision = app->add_option_group("Precision", "Replications added until the key metrics are known to a precision (Law and "
                                                       "Kelton's relative-precision procedure)");
  const auto set_precision = [&cl](const std::string& text) {
    const bool percent = !text.empty() && text.back() == '%';
    const auto x = parse_number_exact(percent ? text.substr(0, text.size() - 1) : text);
    if (!x || !(*x > 0) || (percent ? *x : *x * 100) >= 100)
      throw CLI::ValidationError("--target-precision", "'" + text + "' is not a precision such as 5% or 0.05");
    cl.target_precision = percent ? *x / 100 : *x;
  };
  auto* target = precision->add_option_function<std::string>("--target-precision", set_precision,
                                                             "Add replications until every judged metric's 95% half-width is at most "
                                                             "this share of its mean, e.g. 5%");
  precision->add_option("--max-replications", cl.max_replications, "The most replications --target-precision may reach (default 100)")
      ->check(CLI::Range(2, 10000))
      ->needs(target);
  precision->add_option("--precision-metric", cl.precision_metrics,
                        "A key metric judged, e.g. wait_p95_min (default wait_mean_min); repeat for more")
      ->needs(target);
}

/// --shard, --shard-from-env, --work: for every command whose tasks a work folder can hold (run, compare, sweep).
void add_shard_options(CLI::App* app, CommandLine& cl)
{
  auto* shards = app->add_option_group("Shards", "Spread the tasks (scenario or design point x replication) over processes and "
                                                 "machines: each shard runs its share into --work, a folder all can reach; "
                                                 "`bordersim merge` then builds the results, byte-identical to one machine's. "
                                                 "--work alone runs every task there and then builds the results. A rerun resumes.");
  auto* shard = shards->add_option("--shard", cl.shard, "K/N: run shard K of N (1 <= K <= N)");
  auto* from_env = shards->add_flag("--shard-from-env", cl.shard_from_env,
                                    "Take K/N from the launcher: mpirun (OMPI_COMM_WORLD_RANK/SIZE, PMI_RANK/SIZE), Slurm "
                                    "(SLURM_ARRAY_TASK_ID/COUNT, SLURM_PROCID/NTASKS)");
  auto* work = shards->add_option("--work", cl.work_dir, "The folder of the tasks' parts, kept for a resume and for `bordersim merge`");
  shard->excludes(from_env);
  shard->needs(work);
  from_env->needs(work);
}

void add_output_options(CLI::App* app, CommandLine& cl, const char* what)
{
  auto* io = app->add_option_group("Output");
  io->add_option("-o,--out", cl.out, what);
  io->add_flag("--force", cl.force, "Replace results already in the folder");
  io->add_flag("--no-report", cl.no_report, "Do not write report.html");
  io->add_flag("--xlsx", cl.xlsx, "Also write results.xlsx (one sheet per CSV file, with charts)");
}

} // namespace

std::vector<std::string> CommandLine::all_overrides() const
{
  std::vector<std::string> all = overrides;
  if (replications) all.push_back("simulation.replications=" + std::to_string(*replications));
  if (seed) all.push_back("simulation.seed=" + std::to_string(*seed));
  return all;
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
  cl.started_utc = utc_timestamp_now();
  for (int i = 0; i < argc; ++i) cl.argv.emplace_back(argv[i]);

  CLI::App app{"bordersim: waiting times and capacity at road border checkpoints (SimGrid discrete-event simulation)",
               "bordersim"};
  app.set_version_flag("--version", std::string("bordersim ") + BORDERSIM_VERSION + " (" + BORDERSIM_GIT_COMMIT + ")");
  app.require_subcommand(1);
  app.footer("SimGrid's own --cfg=... and --log=... options are passed to SimGrid.\n"
             "Exit codes: 0 success, 2 usage or scenario error, 1 failure while running (check: 1 when a metric got worse),\n"
             "130 or 143 interrupted by SIGINT or SIGTERM.");
  add_verbosity(&app, cl);

  auto* run = app.add_subcommand("run", "Run a scenario and write its results folder");
  run->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  add_output_options(run, cl, "Results folder (default: results/<scenario>)");
  run->add_flag("--trace", cl.trace, "Also write vehicles.csv: one row per vehicle and stage");
  add_precision_options(run, cl);
  add_shard_options(run, cl);
  add_run_options(run, cl, true);
  add_verbosity(run, cl);

  auto* validate = app.add_subcommand("validate", "Check a scenario and report every problem, without running it");
  validate->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  validate->add_flag("--provenance", cl.provenance, "List every assumption (and every figure without provenance)");
  validate->add_flag("--keys", cl.keys, "List every key path a --set can address, with its value");
  validate->add_option("--set", cl.overrides, "Override a scenario key before checking")
      ->allow_extra_args(false)
      ->check(key_assignment());
  add_verbosity(validate, cl);

  auto* compare = app.add_subcommand("compare", "Run scenarios with common random numbers and compare them with the first");
  compare->add_option("configs", cl.configs, "Scenario files (YAML); the first is the reference")->required()->expected(2, 64);
  compare
      ->add_option("--variant", cl.variants,
                   "N:key.path=value sets a key of the N-th scenario only (1 is the first), so that a variant needs no file "
                   "of its own: compare a.yaml a.yaml --variant 2:simulation.demand_scale=1.3")
      ->allow_extra_args(false)
      ->check(scenario_variant());
  add_output_options(compare, cl, "Results folder (default: results/compare-<first>)");
  compare->add_flag("--trace", cl.trace, "Also write each scenario's vehicles.csv: one row per vehicle and stage");
  add_precision_options(compare, cl);
  add_shard_options(compare, cl);
  add_run_options(compare, cl, true);
  add_verbosity(compare, cl);

  auto* baseline = app.add_subcommand("baseline", "Run a scenario and write its key capacity metrics as a regression baseline");
  baseline->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  baseline->add_option("-o,--out", cl.out, "Baseline file (CSV)")->required();
  baseline->add_flag("--force", cl.force, "Replace an existing baseline file");
  add_run_options(baseline, cl, true);
  add_verbosity(baseline, cl);

  auto* check = app.add_subcommand("check", "Rerun a scenario with a baseline's options; exit 1 when a metric got worse");
  check->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  check->add_option("--baseline", cl.baseline_file, "Baseline file written by `bordersim baseline`")->required();
  check
      ->add_option("--fail-on", cl.fail_on,
                   "worse: fail when a metric moved the worse way (waits, queues up; throughput down); change: when any moved. "
                   "A metric missing now, or new, fails either way")
      ->check(CLI::IsMember({"worse", "change"}))
      ->default_val("worse");
  add_run_options(check, cl, false);
  add_verbosity(check, cl);

  auto* capacity = app.add_subcommand("capacity", "Find the largest demand at which the p95 wait stays under a target (simulating the crossing and those diversion links to it)");
  capacity->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  capacity->add_option("--crossing", cl.crossing, "Crossing id")->required();
  capacity->add_option("--direction", cl.direction, "Direction id (default: every direction)");
  capacity->add_option("--class", cl.vehicle_class, "Vehicle class that grows and is judged (default: every class with demand)");
  capacity->add_option("--grow", cl.grow_class, "What grows: all, or one class (default: as --class)");
  capacity->add_option("--judge", cl.judge_class, "Whose p95 wait is judged: all, or one class (default: as --class)");
  capacity->add_option("--target-p95-wait", cl.target_p95_wait, "Target for the p95 wait, a duration such as 2h")->required();
  capacity->add_option("--max-scale", cl.max_scale, "Largest demand scale tried")->check(CLI::Range(1.0, 1000.0));
  capacity->add_option("--precision", cl.precision, "Relative width at which the search stops")->check(CLI::Range(0.001, 0.5));
  add_run_options(capacity, cl, true);
  add_verbosity(capacity, cl);

  auto* sweep = app.add_subcommand("sweep", "Run a scenario over a design of varied keys, with common random numbers; for oat and "
                                            "morris designs, rank the keys by their effect on every key metric");
  sweep->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  sweep
      ->add_option("--vary", cl.varied,
                   "KEY=V1,V2,... or KEY=LO..HI (numbers, or durations in one unit: 4min..6min), KEY a key path as --set "
                   "takes it; repeat for more keys")
      ->required()
      ->allow_extra_args(false);
  sweep->add_option("--design", cl.design, "grid (every combination), oat (one key at a time), lhs:N (Latin hypercube of N "
                                           "points) or morris:R (R Morris trajectories)")
      ->default_val("grid");
  sweep->add_option("--levels", cl.levels, "Levels of a range in grid, oat and morris (default 3; morris 4)")->check(CLI::Range(2, 1000));
  add_shard_options(sweep, cl);
  add_precision_options(sweep, cl);
  add_output_options(sweep, cl, "Results folder (default: results/sweep-<scenario>)");
  add_run_options(sweep, cl, true);
  add_verbosity(sweep, cl);

  auto* calibrate = app.add_subcommand("calibrate", "Fit the inputs PARAMS.yaml lists, within their plausible ranges, to the observations "
                                                    "TARGETS.yaml marks fit: a history-matching screen (Latin hypercube, implausibility), "
                                                    "then NLopt's BOBYQA from the best plausible points; every target reported, held-out ones "
                                                    "included (docs/calibration.md)");
  calibrate->add_option("config", cl.configs, "Scenario file (YAML)")->required()->expected(1);
  calibrate->add_option("--targets", cl.targets_file, "The observations (YAML)")->required()->check(CLI::ExistingFile);
  calibrate->add_option("--params", cl.params_file, "The inputs to fit and their plausible ranges (YAML)")->required()->check(CLI::ExistingFile);
  calibrate->add_option("--points", cl.points, "Points of the screen's Latin hypercube, besides the scenario as it is (default 10 per "
                                               "parameter, at least 10)")
      ->check(CLI::Range(2, 100000));
  calibrate->add_option("--starts", cl.starts, "Best plausible points the refinement starts from (default 2)")->check(CLI::Range(1, 100));
  calibrate->add_option("--refine", cl.refine_evaluations, "Evaluations of the refinement per start (default 40; 0: the screen alone)")
      ->check(CLI::Range(0, 100000));
  calibrate->add_option("--cutoff", cl.cutoff, "Implausibility above which a point is ruled out (default 3)")->check(CLI::Range(0.1, 100.0));
  add_shard_options(calibrate, cl);
  add_output_options(calibrate, cl, "Results folder (default: results/calibrate-<scenario>)");
  add_run_options(calibrate, cl, true);
  add_verbosity(calibrate, cl);

  auto* merge = app.add_subcommand("merge", "Build the results of a run, compare, sweep or calibrate from the parts its shards left in a --work folder");
  merge->add_option("work", cl.work_dir, "The shards' --work folder")->required();
  add_output_options(merge, cl, "Results folder (default: as the command's own)");
  add_verbosity(merge, cl);

  app.add_subcommand("schema", "Print the scenario key reference (Markdown), generated from the schema");

  auto* report = app.add_subcommand("report", "Write the HTML report of a results folder");
  report->add_option("results_dir", cl.results_dir, "Results folder written by run or compare")->required();
  report->add_option("-o,--out", cl.report_file, "HTML file (default: RESULTS_DIR/report.html)");
  report->add_flag("--force", cl.force, "Replace an existing file named with -o");
  add_verbosity(report, cl);

  try {
    // `--set key value` (a space for the '='): CLI11 would take "value" for a second scenario file and say
    // "config: At Most 1 required but received 2". Said plainly instead, before parsing.
    for (int i = 1; i + 1 < argc; ++i)
      if (std::string_view(argv[i]) == "--set" && std::string_view(argv[i + 1]).find('=') == std::string_view::npos) {
        std::string key = argv[i + 1];
        std::string message = key_assignment()(key);
        if (i + 2 < argc && argv[i + 2][0] != '-')
          message += " (did you mean --set " + escape_for_terminal(key) + "=" + escape_for_terminal(argv[i + 2]) + "?)";
        throw CLI::ValidationError("--set", message);
      }
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    cl.exit_code = code == 0 ? 0 : 2;
    return cl;
  }
  const std::pair<CLI::App*, Command> commands[] = {{run, Command::Run},           {validate, Command::Validate},
                                                    {compare, Command::Compare},   {baseline, Command::Baseline},
                                                    {check, Command::Check},       {capacity, Command::Capacity},
                                                    {report, Command::Report},     {sweep, Command::Sweep},
                                                    {merge, Command::Merge},       {calibrate, Command::Calibrate}};
  for (const auto& [sub, command] : commands)
    if (sub->parsed()) cl.command = command;
  if (app.got_subcommand("schema")) cl.command = Command::Schema;
  return cl;
}

} // namespace bordersim
