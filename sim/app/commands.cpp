#include "sim/app/commands.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "models/config/provenance.hpp"
#include "models/formats/output_files.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/config/scenario_schema.hpp"
#include "models/formats/units.hpp"
#include "sim/results/baseline.hpp"
#include "sim/app/capacity_search.hpp"
#include "sim/app/sweep_design.hpp"
#include "sim/results/sensitivity.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/results/comparison.hpp"
#include "sim/output/csv_writer.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/app/scenario_run.hpp"
#include "viz/report.hpp"
#include "viz/workbook.hpp"

namespace bordersim {
namespace {

// A sweep of more points is almost surely a mistake (levels^keys in a grid): say so before loading them all.
constexpr std::size_t kMaxSweepPoints = 100000;

/// Prints every diagnostic; true when the scenario may run.
bool report_diagnostics(const LoadedScenario& loaded)
{
  // A warning may be located in a shared base file (configs/kz-kg/base.yaml): in a comparison, say whose it is.
  for (const auto& d : loaded.diagnostics.all()) {
    std::string line = d.format();
    if (d.severity == Severity::Warning && loaded.scenario) line += " [scenario " + escape_for_terminal(loaded.scenario->name) + "]";
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return loaded.scenario.has_value();
}

RunOptions options_from(const CommandLine& cl, const std::string& scenario_file)
{
  RunOptions s;
  s.pool.jobs = cl.jobs > 0 ? cl.jobs : default_jobs();
  s.pool.trace = cl.trace;
  s.pool.progress = !cl.quiet && ::isatty(STDERR_FILENO);
  if (cl.worker_timeout_s) s.pool.worker_timeout_s = *cl.worker_timeout_s;
  s.report = !cl.no_report;
  s.xlsx = cl.xlsx;
  s.command_line = cl.argv;
  s.scenario_file = scenario_file;
  return s;
}

/// Opens --out, or results/<default_name>, before any work; says why not (a usage error).
std::unique_ptr<OutputFolder> open_folder(const CommandLine& cl, const std::string& default_name)
{
  try {
    if (!cl.out.empty()) return std::make_unique<OutputFolder>(cl.out, cl.force);
    OutputFolder::check_name(default_name);
    return std::make_unique<OutputFolder>("results/" + default_name, cl.force);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: %s\n", e.what());
    return nullptr;
  }
}

/// Says that results.xlsx was left out and why, naming files where they are once committed; the exit code is 1.
void warn_workbook_left_out(const OutputFolder& folder, std::string problem)
{
  const std::string& staging = folder.staging_dir();
  for (auto at = problem.find(staging); !staging.empty() && at != std::string::npos; at = problem.find(staging, at))
    problem.replace(at, staging.size(), folder.dir());
  std::fprintf(stderr, "bordersim: warning: results.xlsx was not written (%s); the other results are in %s/\n", problem.c_str(),
               folder.dir().c_str());
}


} // namespace

int validate_command(const CommandLine& cl)
{
  const LoadedScenario loaded = load_scenario(cl.config(), cl.all_overrides());
  if (!report_diagnostics(loaded)) return kExitUsage;
  const Scenario& s = *loaded.scenario;
  std::size_t stages = 0;
  for (const auto& c : s.crossings)
    for (const auto& d : c.directions) stages += d.stages.size();
  spdlog::info("{}: scenario '{}' is valid ({} crossings, {} stages, {} classes)", cl.config(), s.name, s.crossings.size(), stages,
               s.classes.size());
  if (cl.keys)
    for (const auto& setting : settable_key_paths(loaded.effective_config))
      std::printf("%s=%s\n", setting.key_path.c_str(), setting.value.c_str());
  if (!cl.provenance) return 0;
  // Every assumption, then every figure that no provenance entry covers.
  const auto records = provenance_records(s, loaded.effective_config);
  std::size_t assumptions = 0;
  std::printf("%-12s %-10s %-64s %-20s %s\n", "crossing", "status", "figure", "value", "why");
  for (const auto& r : records) {
    if (r.status == "sourced") continue;
    ++assumptions;
    const std::string why = r.status == "calibrated" ? r.source + " (calibrated to: " + r.calibrated_to + ")" : r.source;
    std::printf("%-12s %-10s %-64s %-20s %s\n", r.crossing.empty() ? "(scenario)" : r.crossing.c_str(), r.status.c_str(), r.key_path.c_str(), r.value.c_str(), why.c_str());
  }
  const auto unmarked = unmarked_figures(s, loaded.effective_config);
  for (const auto& f : unmarked) std::printf("%-12s %-10s %s\n", f.substr(0, f.find('.')).c_str(), "unmarked", f.substr(f.find('.') + 1).c_str());
  std::printf("%zu figures with provenance: %zu sourced, %zu assumptions or calibrated; %zu without provenance\n", records.size(),
              records.size() - assumptions, assumptions, unmarked.size());
  return 0;
}

int schema_command()
{
  std::fputs(schema_markdown().c_str(), stdout);
  return 0;
}

int report_command(const CommandLine& cl)
{
  // The folder's own report.html is bordersim's to replace; a file named with -o only with --force.
  const bool own_report = cl.report_file.empty();
  const std::string out = own_report ? cl.results_dir + "/" + output_file::report : cl.report_file;
  std::string page;
  try {
    page = viz::report_html(cl.results_dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: report: %s\n", e.what());
    return kExitUsage;
  }
  try {
    FileReplacement file(out, own_report || cl.force);
    file.write(page);
    file.commit();
  } catch (const OutputRefused& e) {
    std::fprintf(stderr, "bordersim: report: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: report: %s\n", e.what());
    return kExitFailure;
  }
  spdlog::info("report in {}", out);
  return 0;
}

int run_command(const CommandLine& cl)
{
  // Load and validate everything before time zero; refuse a folder holding results before any work.
  const LoadedScenario loaded = load_scenario(cl.config(), cl.all_overrides());
  if (!report_diagnostics(loaded)) return kExitUsage;
  auto folder = open_folder(cl, loaded.scenario->name);
  if (!folder) return kExitUsage;
  std::string workbook_problem;
  try {
    workbook_problem = run_and_write(loaded, *folder, "", options_from(cl, cl.config())).workbook_problem;
    throw_if_interrupted(); // the last moment at which an interrupt keeps the earlier results
    folder->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: run failed: %s\n", e.what());
    return kExitFailure;
  }
  if (!workbook_problem.empty()) {
    warn_workbook_left_out(*folder, workbook_problem);
    return kExitFailure;
  }
  spdlog::info("results in {}/ (summary.csv, stages.csv, timeseries.csv, replications.csv{})", folder->dir(),
               cl.no_report ? "" : ", report.html");
  return 0;
}

int compare_command(const CommandLine& cl)
{
  // Every scenario is loaded and checked before any runs; the same --set applies to all, a --variant to one.
  for (const auto& variant : cl.variants)
    if (const auto position = std::stoul(variant.substr(0, variant.find(':'))); position > cl.configs.size()) {
      std::fprintf(stderr, "bordersim: --variant %s: there are %zu scenarios\n", escape_for_terminal(variant).c_str(), cl.configs.size());
      return kExitUsage;
    }
  std::vector<LoadedScenario> loaded;
  bool ok = true;
  for (std::size_t i = 0; i < cl.configs.size(); ++i) {
    loaded.push_back(load_scenario(cl.configs[i], cl.overrides_of(i)));
    ok = report_diagnostics(loaded.back()) && ok;
  }
  if (!ok) return kExitUsage;
  std::set<std::string> names;
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    // A variant of a file compared with that file itself: named after its position unless it names itself, and
    // loaded again under that name so that its effective configuration says it too.
    const bool varied = cl.overrides_of(i).size() > cl.all_overrides().size();
    if (varied && names.count(loaded[i].scenario->name)) {
      const std::string renamed = loaded[i].scenario->name + "-variant-" + std::to_string(i + 1);
      auto overrides = cl.overrides_of(i);
      overrides.push_back("scenario=" + renamed);
      loaded[i] = load_scenario(cl.configs[i], overrides);
      if (!report_diagnostics(loaded[i])) return kExitUsage;
      spdlog::info("scenario {} of the comparison is named '{}' (name it with --variant {}:scenario=NAME)", i + 1, renamed, i + 1);
    }
    const std::string& name = loaded[i].scenario->name;
    if (!names.insert(name).second) {
      std::fprintf(stderr, "bordersim: two scenarios are named '%s'; comparisons need distinct names\n", name.c_str());
      return kExitUsage;
    }
    try {
      OutputFolder::check_name(name); // each names a subfolder of the comparison's
    } catch (const OutputRefused& e) {
      std::fprintf(stderr, "bordersim: the scenario of %s: %s\n", cl.configs[i].c_str(), e.what());
      return kExitUsage;
    }
  }
  // Common random numbers: every scenario takes the reference's seed and replication count.
  const auto& reference = loaded.front().scenario->simulation;
  for (auto& l : loaded) {
    auto& sim = l.scenario->simulation;
    if (sim.seed != reference.seed || sim.replications != reference.replications)
      spdlog::warn("'{}' runs with the reference's seed {} and {} replications, for common random numbers", l.scenario->name,
                   reference.seed, reference.replications);
    sim.seed = reference.seed;
    sim.replications = reference.replications;
  }
  auto folder = open_folder(cl, "compare-" + loaded.front().scenario->name);
  if (!folder) return kExitUsage;
  std::vector<ComparisonRow> rows;
  std::vector<std::string> workbook_problems; // a workbook that fails costs none of the other results
  try {
    std::vector<ScenarioMetrics> metrics;
    for (std::size_t i = 0; i < loaded.size(); ++i) {
      const std::string& name = loaded[i].scenario->name;
      const ScenarioRun run = run_and_write(loaded[i], *folder, name + "/", options_from(cl, cl.configs[i]));
      metrics.push_back({name, key_metrics(RunLayout(*loaded[i].scenario), run.results)});
      if (!run.workbook_problem.empty()) workbook_problems.push_back(run.workbook_problem);
    }
    rows = compare_scenarios(metrics);
    folder->write_csv(output_file::comparison, rows);
    if (!cl.no_report) {
      viz::write_report(folder->staging_dir(), folder->staged(output_file::report));
      folder->mark_written(output_file::report);
    }
    if (cl.xlsx) {
      try {
        viz::write_workbook(folder->staging_dir(), folder->staged(output_file::workbook));
        folder->mark_written(output_file::workbook);
      } catch (const std::exception& e) {
        workbook_problems.push_back(e.what());
      }
    }
    throw_if_interrupted(); // the last moment at which an interrupt keeps the earlier results
    folder->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: compare failed: %s\n", e.what());
    return kExitFailure;
  }
  std::fputs(comparison_table(rows).c_str(), stdout);
  for (const auto& problem : workbook_problems) warn_workbook_left_out(*folder, problem);
  if (!workbook_problems.empty()) return kExitFailure;
  spdlog::info("results in {}/ (comparison.csv, and one folder per scenario)", folder->dir());
  return 0;
}

int baseline_command(const CommandLine& cl)
{
  const LoadedScenario loaded = load_scenario(cl.config(), cl.all_overrides());
  if (!report_diagnostics(loaded)) return kExitUsage;
  const Scenario& scenario = *loaded.scenario;
  if (scenario.simulation.replications < 2) {
    std::fprintf(stderr, "bordersim: a baseline needs at least 2 replications for its intervals\n");
    return kExitUsage;
  }
  std::unique_ptr<FileReplacement> file;
  try {
    file = std::make_unique<FileReplacement>(cl.out, cl.force);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: %s\n", e.what());
    return kExitUsage;
  }
  try {
    const ScratchFolder scratch;
    const RunOptions run_options = options_from(cl, cl.config());
    log_run_start(scenario, run_options);
    const auto results = run_replications(scenario, run_options.pool, scratch.path());
    BaselineOptions options{scenario.name, format_duration(scenario.simulation.horizon_s), format_duration(scenario.simulation.warmup_s),
                            scenario.simulation.replications, scenario.simulation.seed, cl.overrides};
    const auto rows = baseline_rows(options, key_metrics(RunLayout(scenario), results));
    throw_if_interrupted(); // the last moment at which an interrupt keeps the earlier baseline
    CsvWriter<BaselineRow> writer(file->staged(), true);
    for (const auto& row : rows) writer.write(row);
    writer.close();
    file->commit();
    const auto metrics = std::count_if(rows.begin(), rows.end(), [](const BaselineRow& r) { return r.record == "metric"; });
    spdlog::info("baseline of '{}' in {} ({} metrics with a value)", scenario.name, cl.out, metrics);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: baseline failed: %s\n", e.what());
    return kExitFailure;
  }
  return 0;
}

int check_command(const CommandLine& cl)
{
  Baseline baseline;
  try {
    baseline = read_baseline(cl.baseline_file);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitUsage;
  }
  // The baseline's own options, then what the user sets on top.
  std::vector<std::string> overrides = baseline.options.as_overrides();
  overrides.insert(overrides.end(), cl.overrides.begin(), cl.overrides.end());
  const LoadedScenario loaded = load_scenario(cl.config(), overrides);
  if (!report_diagnostics(loaded)) return kExitUsage;
  if (loaded.scenario->name != baseline.options.scenario)
    spdlog::warn("the baseline was made for scenario '{}', this is '{}'", baseline.options.scenario, loaded.scenario->name);
  const FailOn fail_on = cl.fail_on == "change" ? FailOn::change : FailOn::worse;
  CheckResult result;
  try {
    const ScratchFolder scratch;
    const RunOptions options = options_from(cl, cl.config());
    log_run_start(*loaded.scenario, options);
    const auto results = run_replications(*loaded.scenario, options.pool, scratch.path());
    result = check_metrics(baseline, key_metrics(RunLayout(*loaded.scenario), results), fail_on);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: check failed: %s\n", e.what());
    return kExitFailure;
  }
  std::fputs(check_table(result, fail_on).c_str(), stdout);
  return result.failed > 0 ? kExitFailure : kExitSuccess;
}

namespace {
/// A capacity point's amounts, vehicles and people each in their own words ("...; ... people ..."), never added.
template <class Say> std::string per_kind(const CapacityPoint& point, Say say)
{
  std::string out;
  for (std::size_t k = 0; k < point.by_kind.size(); ++k)
    if (point.by_kind[k].present)
      out += (out.empty() ? "" : "; ") + say(point.by_kind[k], kind_plural(static_cast<ClassKind>(k)));
  return out;
}
} // namespace

int capacity_command(const CommandLine& cl)
{
  const LoadedScenario loaded = load_scenario(cl.config(), cl.all_overrides());
  if (!report_diagnostics(loaded)) return kExitUsage;
  CapacityQuery query{cl.crossing,   cl.direction, cl.vehicle_class, cl.grow_class, cl.judge_class,
                      parse_duration_s(cl.target_p95_wait).value_or(0), cl.max_scale, cl.precision};
  if (const std::string problem = check_query(*loaded.scenario, query); !problem.empty()) {
    std::fprintf(stderr, "bordersim: %s\n", problem.c_str());
    return kExitUsage;
  }
  const auto chosen = [&](const std::string& option) {
    const std::string& c = option.empty() ? cl.vehicle_class : option;
    return c.empty() || c == "all" ? std::string("every class") : c;
  };
  spdlog::info("searching the demand scale of {}{} ({} growing) at which the p95 wait of {} stays under {} (upper end of its 95% "
               "interval)",
               cl.crossing, cl.direction.empty() ? "" : "/" + cl.direction, chosen(cl.grow_class), chosen(cl.judge_class),
               cl.target_p95_wait);
  CapacityResult result;
  try {
    const ScratchFolder scratch;
    RunOptions options = options_from(cl, cl.config());
    options.announce = false;
    result = search_capacity(*loaded.scenario, query, options, scratch.path());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: capacity failed: %s\n", e.what());
    return kExitFailure;
  }
  std::string linked_list;
  for (const auto& id : result.simulated_crossings) linked_list += (linked_list.empty() ? "" : ", ") + id;
  if (result.simulated_crossings.size() == 1)
    std::printf("simulated: %s alone (no diversion links it to another crossing)\n", cl.crossing.c_str());
  else
    std::printf("simulated: %s (linked by diversion); the other crossings cannot change its results\n",
                linked_list.c_str());
  // Today first: where the planner stands before any scaling. Vehicles and people are never added.
  const CapacityPoint& today = result.evaluated.front();
  std::printf("today (scale 1): %s; worst p95 wait %.3g min (upper end %.3g min), %s\n",
              per_kind(today, [](const KindAmounts& k, std::string_view unit) {
                return fmt::format("{:.1f} {} arrive a day in the window (nominal yearly mean {:.1f}), {:.1f} ± {:.1f} served",
                                   k.arrived_per_day, unit, k.demand_per_day, k.served_per_day, k.served_ci95);
              }).c_str(),
              today.p95_wait_min, today.p95_wait_upper_min, today.worst_flow.c_str());
  if (!today.meets)
    std::printf("the target is missed already today: %s's p95 wait exceeds %s (bottleneck %s)\n", today.worst_flow.c_str(),
                cl.target_p95_wait.c_str(), today.worst_bottleneck.empty() ? "unknown" : today.worst_bottleneck.c_str());
  std::printf("design capacity (analytic):           %s\n",
              per_kind(today, [](const KindAmounts& k, std::string_view unit) {
                return fmt::format("{:.1f} {}/day", k.design_capacity_per_day, unit);
              }).c_str());
  if (!result.capacity) {
    std::printf("practical capacity: none found: even at scale 1/1024 the p95 wait exceeds %s\n", cl.target_p95_wait.c_str());
    return 0;
  }
  const CapacityPoint& c = *result.capacity;
  std::printf("practical capacity (p95 wait <= %s): %s, scale %.4g%s\n", cl.target_p95_wait.c_str(),
              per_kind(c, [](const KindAmounts& k, std::string_view unit) {
                return fmt::format("{:.1f} ± {:.1f} {}/day served (95% CI), {:.1f} arriving a day in the window", k.served_per_day,
                                   k.served_ci95, unit, k.arrived_per_day);
              }).c_str(),
              c.scale, result.first_failing ? "" : " (the largest scale tried: capacity is at least this)");
  if (const auto& miss = result.first_failing)
    std::printf("the target is missed from scale %.4g, first by %s (bottleneck %s); p95 wait at capacity %.3g min (upper end %.3g min)\n",
                miss->scale, miss->worst_flow.c_str(), miss->worst_bottleneck.empty() ? "unknown" : miss->worst_bottleneck.c_str(),
                c.p95_wait_min, c.p95_wait_upper_min);
  return 0;
}

int sweep_command(const CommandLine& cl)
{
  std::vector<VariedKey> keys;
  for (const auto& text : cl.varied) {
    auto parsed = parse_vary(text);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
      std::fprintf(stderr, "bordersim: --vary %s: %s\n", escape_for_terminal(text).c_str(), escape_for_terminal(*problem).c_str());
      return kExitUsage;
    }
    keys.push_back(std::get<VariedKey>(std::move(parsed)));
  }
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (keys[i].key == keys[j].key) {
        std::fprintf(stderr, "bordersim: --vary %s is given twice\n", escape_for_terminal(keys[i].key).c_str());
        return kExitUsage;
      }
  const auto design_or = parse_design(cl.design);
  if (const auto* problem = std::get_if<std::string>(&design_or)) {
    std::fprintf(stderr, "bordersim: --design: %s\n", escape_for_terminal(*problem).c_str());
    return kExitUsage;
  }
  const Design design = std::get<Design>(design_or);
  const int levels = cl.levels > 0 ? cl.levels : design.kind == DesignKind::morris ? 4 : 3;

  const LoadedScenario base = load_scenario(cl.config(), cl.all_overrides());
  if (!report_diagnostics(base)) return kExitUsage;
  const SimulationSettings& sim = base.scenario->simulation;
  // A key the schema declares a whole number (a lane count) takes a range's values rounded.
  const std::vector<KeyPathValue> settable = settable_key_paths(base.effective_config);
  for (auto& k : keys)
    for (const auto& s : settable)
      if (s.key_path == k.key)
        if (const KeySpec* spec = find_key_spec(s.pattern)) k.whole = spec->kind == ValueKind::Integer;
  const std::vector<DesignPoint> points = make_design(keys, design, levels, sim.seed);
  if (points.size() > kMaxSweepPoints) {
    std::fprintf(stderr, "bordersim: the design has %zu points, more than %zu; fewer levels or keys\n", points.size(), kMaxSweepPoints);
    return kExitUsage;
  }
  // Every point is loaded and checked before anything runs; a point that fails names itself.
  std::vector<LoadedScenario> loaded;
  bool ok = true;
  for (std::size_t p = 0; p < points.size(); ++p) {
    std::vector<std::string> overrides = cl.all_overrides();
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (!points[p].values[k].empty()) overrides.push_back(keys[k].key + "=" + points[p].values[k]);
    loaded.push_back(load_scenario(cl.config(), overrides));
    for (const auto& d : loaded.back().diagnostics.all())
      if (d.severity == Severity::Error || cl.verbose) std::fprintf(stderr, "point %zu: %s\n", p, d.format().c_str());
    if (!loaded.back().scenario) ok = false;
  }
  if (!ok) return kExitUsage;
  // Common random numbers: every point takes the base's seed and replications, so that differences between points are
  // the keys' doing and not the draws'.
  for (auto& l : loaded) {
    l.scenario->simulation.seed = sim.seed;
    l.scenario->simulation.replications = sim.replications;
  }
  auto folder = open_folder(cl, "sweep-" + base.scenario->name);
  if (!folder) return kExitUsage;
  spdlog::info("sweep of {}: {} design, {} points x {} replications", base.scenario->name, design_name(design.kind), points.size(),
               sim.replications);
  std::vector<SweepRow> sweep_rows;
  std::vector<SensitivityRow> sensitivity_rows;
  try {
    std::vector<ReplicationTask> tasks;
    const std::string work_root = std::filesystem::path(folder->staged(".work/x")).parent_path().string();
    for (std::size_t p = 0; p < loaded.size(); ++p) {
      const std::string work_dir = work_root + "/point" + std::to_string(p);
      std::filesystem::create_directories(work_dir);
      for (int r = 0; r < sim.replications; ++r)
        tasks.push_back({&*loaded[p].scenario, r, work_dir, "point " + std::to_string(p) + " replication " + std::to_string(r)});
    }
    const std::vector<ReplicationResult> results = run_tasks(tasks, options_from(cl, cl.config()).pool);
    std::vector<std::vector<MetricSeries>> point_metrics;
    for (std::size_t p = 0; p < loaded.size(); ++p) {
      const auto first = results.begin() + static_cast<std::ptrdiff_t>(p * static_cast<std::size_t>(sim.replications));
      const std::vector<ReplicationResult> mine(first, first + sim.replications);
      point_metrics.push_back(key_metrics(RunLayout(*loaded[p].scenario), mine));
      for (const auto& m : point_metrics.back()) {
        const Estimate e = estimate(m.per_replication);
        SweepRow row{static_cast<std::int64_t>(p), m.key.crossing, m.key.direction, m.key.vehicle_class, m.key.stage, m.kind,
                     m.key.metric, m.unit, {}, {}, sim.replications};
        if (!std::isnan(e.mean)) row.mean = e.mean;
        if (!std::isnan(e.ci95)) row.ci95 = e.ci95;
        sweep_rows.push_back(std::move(row));
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(work_root, ec);
    std::vector<std::string> names;
    for (const auto& k : keys) names.push_back(k.key);
    if (design.kind == DesignKind::morris) {
      std::vector<ElementaryStep> steps;
      for (std::size_t p = 1; p < points.size(); ++p)
        if (points[p].moved_key >= 0) steps.push_back({p - 1, p, points[p].moved_key, points[p].moved_by});
      sensitivity_rows = morris_sensitivity(names, steps, point_metrics);
    } else if (design.kind == DesignKind::oat) {
      std::vector<KeyLevels> by_key;
      for (std::size_t k = 0; k < keys.size(); ++k) {
        KeyLevels l{static_cast<int>(k), {}};
        for (std::size_t p = 0; p < points.size(); ++p)
          if (points[p].moved_key == static_cast<int>(k)) l.points.push_back(p);
        by_key.push_back(std::move(l));
      }
      sensitivity_rows = oat_sensitivity(names, by_key, point_metrics);
    }
    // The design as run: a key a point leaves as the scenario has it shows the scenario's value.
    std::map<std::string, std::string> own_values;
    for (const auto& kv : settable) own_values[kv.key_path] = kv.value;
    std::vector<DesignRow> design_rows;
    for (std::size_t p = 0; p < points.size(); ++p)
      for (std::size_t k = 0; k < keys.size(); ++k) {
        DesignRow row{static_cast<std::int64_t>(p), {}, keys[k].key, points[p].values[k]};
        if (points[p].trajectory >= 0) row.trajectory = points[p].trajectory;
        if (row.value.empty()) row.value = own_values.count(keys[k].key) ? own_values[keys[k].key] : "";
        design_rows.push_back(std::move(row));
      }
    folder->write_csv(output_file::design, design_rows);
    folder->write_csv(output_file::sweep, sweep_rows);
    if (!sensitivity_rows.empty()) folder->write_csv(output_file::sensitivity, sensitivity_rows);
    folder->write_text(output_file::effective_config, "# Effective configuration of the sweep's base scenario '" + base.scenario->name +
                                                           "': the points vary it as design.csv says.\n" + emit_yaml(base.effective_config));
    throw_if_interrupted();
    folder->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: sweep failed: %s\n", e.what());
    return kExitFailure;
  }
  if (!sensitivity_rows.empty()) {
    // Which key moves the most metrics most: a first answer to "which assumption matters".
    std::map<std::string, int> first;
    for (const auto& r : sensitivity_rows)
      if (r.rank == 1 && r.effect && *r.effect != 0) ++first[r.key];
    std::printf("keys by the number of key metrics they move most (%s design; sensitivity.csv has every effect):\n", design_name(design.kind));
    std::vector<std::pair<int, std::string>> order;
    for (const auto& k : keys) order.push_back({first.count(k.key) ? first[k.key] : 0, k.key});
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [count, key] : order) std::printf("  %4d  %s\n", count, key.c_str());
  }
  spdlog::info("results in {}/ (design.csv, sweep.csv{})", folder->dir(), sensitivity_rows.empty() ? "" : ", sensitivity.csv");
  return 0;
}

} // namespace bordersim
