#include "sim/app/commands.hpp"

#include <spdlog/spdlog.h>


#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <variant>

#include "models/config/provenance.hpp"
#include "models/formats/input_file.hpp"
#include "models/formats/output_files.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/config/scenario_schema.hpp"
#include "models/formats/units.hpp"
#include "sim/results/aggregate.hpp"
#include "sim/results/baseline.hpp"
#include "sim/app/calibrate.hpp"
#include "sim/app/capacity_search.hpp"
#include "sim/app/multi_run.hpp"
#include "sim/app/sweep_design.hpp"
#include "sim/app/work_folder.hpp"
#include "sim/results/sensitivity.hpp"
#include "sim/results/precision.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/results/comparison.hpp"
#include "sim/engine/replication.hpp"
#include "sim/output/csv_writer.hpp"
#include "sim/output/output_folder.hpp"
#include "sim/app/scenario_run.hpp"
#include "viz/report.hpp"

namespace bordersim {
namespace {

// A sweep of more points is almost surely a mistake (levels^keys in a grid): say so before loading them all.
constexpr std::size_t kMaxSweepPoints = 100000;

/// `run`: one scenario.
class RunPlan : public MultiRunPlan {
public:
  RunPlan(LoadedScenario loaded, std::string config, bool trace) : loaded_(std::move(loaded)), config_(std::move(config)), trace_(trace) {}
  const char* command() const override { return "run"; }
  std::string default_folder() const override { return loaded_.scenario->name; }
  std::vector<ScenarioTasks> scenarios(const std::string& parts_root) override
  {
    return {{&*loaded_.scenario, parts_root, ""}};
  }
  std::vector<ConfigNode*> effective_configs() override { return {&loaded_.effective_config}; }
  void write(std::vector<std::vector<ReplicationResult>> results, const std::string& parts_root, OutputFolder::Parts parts_after,
             OutputFolder& folder, const CommandLine& cl) override
  {
    RunOptions options = options_from(cl, config_);
    options.pool.trace = trace_;
    workbook_problem_ = write_run(*loaded_.scenario, loaded_.effective_config, std::move(results.front()), parts_root,
                                  parts_after, folder, "", options)
                            .workbook_problem;
  }
  int finish(const OutputFolder& folder, const CommandLine& cl) override
  {
    if (!workbook_problem_.empty()) {
      warn_workbook_left_out(folder, workbook_problem_);
      return kExitFailure;
    }
    spdlog::info("results in {}/ (summary.csv, stages.csv, timeseries.csv, replications.csv{})", folder.dir(),
                 cl.no_report ? "" : ", report.html");
    return 0;
  }

private:
  LoadedScenario loaded_;
  std::string config_;
  bool trace_;
  std::string workbook_problem_;
};

/// `compare`: scenarios with common random numbers, each in its own subfolder, and comparison.csv.
class ComparePlan : public MultiRunPlan {
public:
  ComparePlan(std::vector<LoadedScenario> loaded, std::vector<std::string> configs, bool trace)
      : loaded_(std::move(loaded)), configs_(std::move(configs)), trace_(trace)
  {
  }
  const char* command() const override { return "compare"; }
  std::string default_folder() const override { return "compare-" + loaded_.front().scenario->name; }
  std::vector<ScenarioTasks> scenarios(const std::string& parts_root) override
  {
    std::vector<ScenarioTasks> all;
    for (auto& l : loaded_) all.push_back({&*l.scenario, parts_root + "/" + l.scenario->name, "scenario " + l.scenario->name});
    return all;
  }
  std::vector<ConfigNode*> effective_configs() override
  {
    std::vector<ConfigNode*> all;
    for (auto& l : loaded_) all.push_back(&l.effective_config);
    return all;
  }
  void write(std::vector<std::vector<ReplicationResult>> results, const std::string& parts_root, OutputFolder::Parts parts_after,
             OutputFolder& folder, const CommandLine& cl) override
  {
    std::vector<ScenarioMetrics> metrics;
    for (std::size_t i = 0; i < loaded_.size(); ++i) {
      const std::string& name = loaded_[i].scenario->name;
      RunOptions options = options_from(cl, configs_[i]);
      options.pool.trace = trace_;
      const ScenarioRun run =
          write_run(*loaded_[i].scenario, loaded_[i].effective_config, std::move(results[i]), parts_root + "/" + name, parts_after,
                    folder, name + "/", options);
      metrics.push_back({name, key_metrics(RunLayout(*loaded_[i].scenario), run.results)});
      border_costs_.push_back(border_wait_costs(RunLayout(*loaded_[i].scenario), run.results));
      if (!run.workbook_problem.empty()) workbook_problems_.push_back(run.workbook_problem);
    }
    rows_ = compare_scenarios(metrics);
    folder.write_csv(output_file::comparison, rows_);
    if (auto problem = write_views(folder, cl); !problem.empty()) workbook_problems_.push_back(std::move(problem));
  }
  int finish(const OutputFolder& folder, const CommandLine&) override
  {
    std::fputs(comparison_table(rows_).c_str(), stdout);
    print_yearly_costs();
    for (const auto& problem : workbook_problems_) warn_workbook_left_out(folder, problem);
    if (!workbook_problems_.empty()) return kExitFailure;
    spdlog::info("results in {}/ (comparison.csv, and one folder per scenario)", folder.dir());
    return 0;
  }

private:
  std::vector<LoadedScenario> loaded_;
  std::vector<std::string> configs_;
  bool trace_;
  /// What each scenario's waits cost the whole border a year against the reference's, money and CO2, with the 95%
  /// interval of the paired differences (common random numbers): what a reconstruction saves.
  void print_yearly_costs() const
  {
    constexpr double kDaysPerYear = 365;
    const auto says = [](const char* what, const std::vector<double>& reference, const std::vector<double>& other, double unit,
                         const char* unit_words) {
      if (reference.empty() || other.empty()) return std::string();
      const Estimate d = paired_difference(reference, other);
      const double saved = -d.mean * kDaysPerYear / unit, ci = d.ci95 * kDaysPerYear / unit;
      // Millions where they are: "27.3 million ± 14.8 million USD" reads at a glance.
      const auto amount = [](double x) {
        return std::fabs(x) >= 1e6 ? format_number(x / 1e6, 3) + " million" : format_number(x, 4);
      };
      return fmt::format("{} {} {}{} a year {}", saved >= 0 ? "saves" : "adds", amount(std::fabs(saved)),
                         std::isnan(ci) ? "" : "± " + amount(ci) + " ", unit_words, what);
    };
    for (std::size_t i = 1; i < loaded_.size(); ++i) {
      const std::string money = says("of waiting (the classes' values of time)", border_costs_[0].cost_usd, border_costs_[i].cost_usd, 1, "USD");
      const std::string co2 = says("of CO2 from idling", border_costs_[0].co2_kg, border_costs_[i].co2_kg, 1000, "tonnes");
      if (money.empty() && co2.empty()) continue;
      std::printf("%s against %s, whole border: %s%s%s (a year like the run's window: its days x 365; 95%% intervals of the paired differences)\n", loaded_[i].scenario->name.c_str(),
                  loaded_[0].scenario->name.c_str(), money.c_str(), !money.empty() && !co2.empty() ? "; " : "", co2.c_str());
    }
  }

  std::vector<ComparisonRow> rows_;
  std::vector<WaitCosts> border_costs_; // per scenario
  std::vector<std::string> workbook_problems_;
};

/// The scenarios of a comparison, loaded, checked, named apart and set to the reference's seed and replications;
/// nothing when one is refused (said on stderr).
std::optional<std::vector<LoadedScenario>> load_comparison(const WorkArgs& args)
{
  for (const auto& variant : args.variants)
    if (const auto position = std::stoul(variant.substr(0, variant.find(':'))); position > args.configs.size()) {
      std::fprintf(stderr, "bordersim: --variant %s: there are %zu scenarios\n", escape_for_terminal(variant).c_str(), args.configs.size());
      return std::nullopt;
    }
  std::vector<LoadedScenario> loaded;
  bool ok = true;
  for (std::size_t i = 0; i < args.configs.size(); ++i) {
    loaded.push_back(load_scenario(args.configs[i], args.overrides_of(i)));
    ok = report_diagnostics(loaded.back()) && ok;
  }
  if (!ok) return std::nullopt;
  std::set<std::string> names;
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    // A variant of a file compared with that file itself: named after its position unless it names itself, and
    // loaded again under that name so that its effective configuration says it too.
    const bool varied = args.overrides_of(i).size() > args.overrides.size();
    if (varied && names.count(loaded[i].scenario->name)) {
      const std::string renamed = loaded[i].scenario->name + "-variant-" + std::to_string(i + 1);
      auto overrides = args.overrides_of(i);
      overrides.push_back("scenario=" + renamed);
      loaded[i] = load_scenario(args.configs[i], overrides);
      if (!report_diagnostics(loaded[i])) return std::nullopt;
      spdlog::info("scenario {} of the comparison is named '{}' (name it with --variant {}:scenario=NAME)", i + 1, renamed, i + 1);
    }
    const std::string& name = loaded[i].scenario->name;
    if (!names.insert(name).second) {
      std::fprintf(stderr, "bordersim: two scenarios are named '%s'; comparisons need distinct names\n", name.c_str());
      return std::nullopt;
    }
    try {
      OutputFolder::check_name(name); // each names a subfolder of the comparison's
    } catch (const OutputRefused& e) {
      std::fprintf(stderr, "bordersim: the scenario of %s: %s\n", args.configs[i].c_str(), e.what());
      return std::nullopt;
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
  return loaded;
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
  LoadedScenario loaded = load_scenario(cl.config(), cl.all_overrides());
  if (!report_diagnostics(loaded)) return kExitUsage;
  const WorkArgs args = work_args(cl, "run");
  RunPlan plan(std::move(loaded), cl.config(), cl.trace);
  log_run_start(*plan.scenarios("").front().scenario, options_from(cl, cl.config()));
  return execute(plan, args, cl);
}

int compare_command(const CommandLine& cl)
{
  // Every scenario is loaded and checked before any runs; the same --set applies to all, a --variant to one.
  const WorkArgs args = work_args(cl, "compare");
  auto loaded = load_comparison(args);
  if (!loaded) return kExitUsage;
  ComparePlan plan(std::move(*loaded), cl.configs, cl.trace);
  for (const auto& s : plan.scenarios("")) log_run_start(*s.scenario, options_from(cl, cl.config()));
  return execute(plan, args, cl);
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

namespace {

struct SweepPlan {
  std::vector<VariedKey> keys;
  Design design;
  std::vector<DesignPoint> points;
  LoadedScenario base;
  std::vector<LoadedScenario> loaded; // per point
  std::vector<KeyPathValue> settable; // the base's key paths and values
  int replications = 1;
  std::string base_file; // as given
};

/// Parses the design, loads and checks every point; says why not (a usage error) and returns nothing.
std::optional<SweepPlan> plan_sweep(const WorkArgs& args, bool verbose)
{
  SweepPlan plan;
  for (const auto& text : args.varied) {
    auto parsed = parse_vary(text);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
      std::fprintf(stderr, "bordersim: --vary %s: %s\n", escape_for_terminal(text).c_str(), escape_for_terminal(*problem).c_str());
      return std::nullopt;
    }
    plan.keys.push_back(std::get<VariedKey>(std::move(parsed)));
  }
  for (std::size_t i = 0; i < plan.keys.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (plan.keys[i].key == plan.keys[j].key) {
        std::fprintf(stderr, "bordersim: --vary %s is given twice\n", escape_for_terminal(plan.keys[i].key).c_str());
        return std::nullopt;
      }
  const auto design_or = parse_design(args.design);
  if (const auto* problem = std::get_if<std::string>(&design_or)) {
    std::fprintf(stderr, "bordersim: --design: %s\n", escape_for_terminal(*problem).c_str());
    return std::nullopt;
  }
  plan.design = std::get<Design>(design_or);
  const int levels = args.levels > 0 ? args.levels : plan.design.kind == DesignKind::morris ? 4 : 3;

  plan.base_file = args.configs.front();
  plan.base = load_scenario(args.configs.front(), args.overrides);
  if (!report_diagnostics(plan.base)) return std::nullopt;
  const SimulationSettings& sim = plan.base.scenario->simulation;
  plan.replications = sim.replications;
  // A key the schema declares a whole number (a lane count) takes a range's values rounded.
  plan.settable = settable_key_paths(plan.base.effective_config);
  for (auto& k : plan.keys) k.whole = takes_whole_numbers(plan.settable, k.key);
  plan.points = make_design(plan.keys, plan.design, levels, sim.seed);
  if (plan.points.size() > kMaxSweepPoints) {
    std::fprintf(stderr, "bordersim: the design has %zu points, more than %zu; fewer levels or keys\n", plan.points.size(), kMaxSweepPoints);
    return std::nullopt;
  }
  // Every point is loaded and checked before anything runs; a point that fails names itself.
  bool ok = true;
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    std::vector<std::string> overrides = args.overrides;
    for (std::size_t k = 0; k < plan.keys.size(); ++k)
      if (!plan.points[p].values[k].empty()) overrides.push_back(plan.keys[k].key + "=" + plan.points[p].values[k]);
    plan.loaded.push_back(load_scenario(args.configs.front(), overrides));
    for (const auto& d : plan.loaded.back().diagnostics.all())
      if (d.severity == Severity::Error || verbose) std::fprintf(stderr, "point %zu: %s\n", p, d.format().c_str());
    if (!plan.loaded.back().scenario) ok = false;
  }
  if (!ok) return std::nullopt;
  // Common random numbers: every point takes the base's seed and replications, so that differences between points are
  // the keys' doing and not the draws'.
  for (auto& l : plan.loaded) {
    l.scenario->simulation.seed = sim.seed;
    l.scenario->simulation.replications = sim.replications;
  }
  return plan;
}

/// Writes design.csv, sweep.csv, sensitivity.csv (oat, morris) and the base's effective configuration from the
/// results of every task, in task order; returns the sensitivity rows.
std::vector<SensitivityRow> write_sweep(const SweepPlan& plan, const std::vector<ReplicationResult>& results, OutputFolder& folder)
{
  const auto reps = static_cast<std::size_t>(plan.replications);
  std::vector<SweepRow> sweep_rows;
  std::vector<std::vector<MetricSeries>> point_metrics;
  for (std::size_t p = 0; p < plan.loaded.size(); ++p) {
    const auto first = results.begin() + static_cast<std::ptrdiff_t>(p * reps);
    const std::vector<ReplicationResult> mine(first, first + static_cast<std::ptrdiff_t>(reps));
    point_metrics.push_back(key_metrics(RunLayout(*plan.loaded[p].scenario), mine));
    for (const auto& m : point_metrics.back()) {
      const Estimate e = estimate(m.per_replication);
      SweepRow row{static_cast<std::int64_t>(p), m.key.crossing, m.key.direction, m.key.vehicle_class, m.key.stage, m.kind,
                   m.key.metric, m.unit, {}, {}, plan.replications};
      if (!std::isnan(e.mean)) row.mean = e.mean;
      if (!std::isnan(e.ci95)) row.ci95 = e.ci95;
      sweep_rows.push_back(std::move(row));
    }
  }
  std::vector<std::string> names;
  for (const auto& k : plan.keys) names.push_back(k.key);
  std::vector<SensitivityRow> sensitivity_rows;
  if (plan.design.kind == DesignKind::morris) {
    std::vector<ElementaryStep> steps;
    for (std::size_t p = 1; p < plan.points.size(); ++p)
      if (plan.points[p].moved_key >= 0) steps.push_back({p - 1, p, plan.points[p].moved_key, plan.points[p].moved_by});
    sensitivity_rows = morris_sensitivity(names, steps, point_metrics);
  } else if (plan.design.kind == DesignKind::oat) {
    std::vector<KeyLevels> by_key;
    for (std::size_t k = 0; k < plan.keys.size(); ++k) {
      KeyLevels l{static_cast<int>(k), {}};
      for (std::size_t p = 0; p < plan.points.size(); ++p)
        if (plan.points[p].moved_key == static_cast<int>(k)) l.points.push_back(p);
      by_key.push_back(std::move(l));
    }
    sensitivity_rows = oat_sensitivity(names, by_key, point_metrics);
  }
  // The design as run: a key a point leaves as the scenario has it shows the scenario's value.
  std::map<std::string, std::string> own_values;
  for (const auto& kv : plan.settable) own_values[kv.key_path] = kv.value;
  std::vector<DesignRow> design_rows;
  for (std::size_t p = 0; p < plan.points.size(); ++p)
    for (std::size_t k = 0; k < plan.keys.size(); ++k) {
      DesignRow row{static_cast<std::int64_t>(p), {}, plan.keys[k].key, plan.points[p].values[k]};
      if (plan.points[p].trajectory >= 0) row.trajectory = plan.points[p].trajectory;
      if (row.value.empty()) row.value = own_values.count(plan.keys[k].key) ? own_values[plan.keys[k].key] : "";
      design_rows.push_back(std::move(row));
    }
  folder.write_csv(output_file::design, design_rows);
  folder.write_csv(output_file::sweep, sweep_rows);
  if (!sensitivity_rows.empty()) folder.write_csv(output_file::sensitivity, sensitivity_rows);
  folder.write_text(output_file::effective_config, "# Effective configuration of the sweep's base scenario '" + plan.base.scenario->name +
                                                       "': the points vary it as design.csv says.\n" + emit_yaml(plan.base.effective_config));
  return sensitivity_rows;
}

/// The terminal's summary of a sweep's sensitivity: which key moves the most metrics most.
void print_sensitivity(const SweepPlan& plan, const std::vector<SensitivityRow>& rows)
{
  if (rows.empty()) return;
  std::map<std::string, int> first;
  for (const auto& r : rows)
    if (r.rank == 1 && r.effect && *r.effect != 0) ++first[r.key];
  std::printf("keys by the number of key metrics they move most (%s design; sensitivity.csv has every effect):\n",
              design_name(plan.design.kind));
  std::vector<std::pair<int, std::string>> order;
  for (const auto& k : plan.keys) order.push_back({first.count(k.key) ? first[k.key] : 0, k.key});
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [count, key] : order) std::printf("  %4d  %s\n", count, key.c_str());
}

/// `sweep`: the design's points, with common random numbers.
class SweepRun : public MultiRunPlan {
public:
  explicit SweepRun(SweepPlan plan) : plan_(std::move(plan)) {}
  const char* command() const override { return "sweep"; }
  const char* scenarios_word() const override { return "points"; }
  std::string default_folder() const override { return "sweep-" + plan_.base.scenario->name; }
  bool key_metrics_only() const override { return true; } // design.csv, sweep.csv, sensitivity.csv
  std::vector<ScenarioTasks> scenarios(const std::string& parts_root) override
  {
    std::vector<ScenarioTasks> all;
    for (std::size_t p = 0; p < plan_.loaded.size(); ++p)
      all.push_back({&*plan_.loaded[p].scenario, parts_root + "/point" + std::to_string(p), "point " + std::to_string(p)});
    return all;
  }
  std::vector<ConfigNode*> effective_configs() override { return {&plan_.base.effective_config}; }
  void write(std::vector<std::vector<ReplicationResult>> results, const std::string&, OutputFolder::Parts, OutputFolder& folder,
             const CommandLine& cl) override
  {
    plan_.replications = results.empty() ? 0 : static_cast<int>(results.front().size()); // a target precision may add some
    std::vector<ReplicationResult> in_task_order;
    for (auto& point : results)
      for (auto& r : point) in_task_order.push_back(std::move(r));
    sensitivity_ = write_sweep(plan_, in_task_order, folder);
    // The folder says what made it, as a run's does: the base scenario's seed and replications are every point's.
    RunOptions options = options_from(cl, plan_.base_file);
    Scenario base = *plan_.base.scenario;
    base.simulation.replications = plan_.replications;
    RunInfo info = run_info_for(folder, "", options);
    folder.write_text(output_file::run_info, run_info_json(base, info));
    workbook_problem_ = write_views(folder, cl);
    if (!workbook_problem_.empty()) {
      std::erase(info.files, std::string(output_file::workbook)); // run_info.json lists only what is there
      folder.write_text(output_file::run_info, run_info_json(base, info));
    }
  }
  int finish(const OutputFolder& folder, const CommandLine& cl) override
  {
    print_sensitivity(plan_, sensitivity_);
    if (!workbook_problem_.empty()) {
      warn_workbook_left_out(folder, workbook_problem_);
      return kExitFailure;
    }
    spdlog::info("results in {}/ (design.csv, sweep.csv{}{}){}", folder.dir(), sensitivity_.empty() ? "" : ", sensitivity.csv",
                 cl.no_report ? "" : ", report.html", cl.command == Command::Merge ? ", merged from " + cl.work_dir : std::string());
    return 0;
  }
  const SweepPlan& plan() const { return plan_; }

private:
  SweepPlan plan_;
  std::vector<SensitivityRow> sensitivity_;
  std::string workbook_problem_;
};

} // namespace

int sweep_command(const CommandLine& cl)
{
  const WorkArgs args = work_args(cl, "sweep");
  auto planned = plan_sweep(args, cl.verbose);
  if (!planned) return kExitUsage;
  SweepRun sweep(std::move(*planned));
  const SweepPlan& plan = sweep.plan();
  spdlog::info("sweep of {}: {} design, {} points x {} replications", plan.base.scenario->name, design_name(plan.design.kind),
               plan.points.size(), plan.replications);
  return execute(sweep, args, cl);
}

int merge_command(const CommandLine& cl)
{
  const auto args_or = read_manifest(cl.work_dir);
  if (const auto* problem = std::get_if<std::string>(&args_or)) {
    std::fprintf(stderr, "bordersim: merge: %s\n", problem->c_str());
    return kExitUsage;
  }
  const WorkArgs& args = std::get<WorkArgs>(args_or);
  std::unique_ptr<MultiRunPlan> plan;
  if (args.command == "run") {
    LoadedScenario loaded = load_scenario(args.configs.front(), args.overrides);
    if (!report_diagnostics(loaded)) return kExitUsage;
    plan = std::make_unique<RunPlan>(std::move(loaded), args.configs.front(), args.trace);
  } else if (args.command == "compare") {
    auto loaded = load_comparison(args);
    if (!loaded) return kExitUsage;
    plan = std::make_unique<ComparePlan>(std::move(*loaded), args.configs, args.trace);
  } else if (args.command == "calibrate") {
    plan = calibration_plan(args, cl.verbose);
    if (!plan) return kExitUsage;
  } else {
    auto planned = plan_sweep(args, cl.verbose);
    if (!planned) return kExitUsage;
    plan = std::make_unique<SweepRun>(std::move(*planned));
  }
  const auto scenarios = plan->scenarios(cl.work_dir);
  const auto tasks = tasks_of(scenarios, 0, scenarios.front().scenario->simulation.replications);
  auto results = collect_results(tasks, cl.work_dir);
  if (!results) return kExitFailure;
  auto folder = open_folder(cl, plan->default_folder());
  if (!folder) return kExitUsage;
  return write_and_commit(*plan, by_scenario(std::move(*results), scenarios.size()), cl.work_dir, OutputFolder::Parts::keep, *folder,
                          cl);
}

} // namespace bordersim
