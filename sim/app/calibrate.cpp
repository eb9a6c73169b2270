#include "sim/app/calibrate.hpp"

#include <nlopt.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "models/calendar.hpp"
#include "models/calibration.hpp"
#include "models/config/provenance.hpp"
#include "models/config/scenario_schema.hpp"
#include "models/formats/output_files.hpp"
#include "models/formats/units.hpp"
#include "models/run_layout.hpp"
#include "sim/app/exit_codes.hpp"
#include "sim/app/sweep_design.hpp"
#include "sim/engine/replication.hpp"
#include "sim/output/output_rows.hpp"
#include "sim/results/implausibility.hpp"
#include "sim/results/key_metrics.hpp"

namespace bordersim {
namespace {

constexpr double kNoValueLoss = 1e30; // a point where a fitted metric has no value (nothing passed): never the best
constexpr std::size_t kMaxTasks = 1000000;
// Ten points uniform on a range span less than 60% of it with chance 5%: fewer tell too little of what is identified.
constexpr std::size_t kMinPlausibleToTell = 10;

/// The runs a target's metric is taken from: a scenario file over a window of dates.
struct Context {
  std::string file;
  std::string window; // "from..to", or "" for the scenario's own dates
  std::vector<std::string> window_overrides;
};

struct Calibration {
  WorkArgs args;
  LoadedScenario base; // the calibrated scenario with --set, for names, seed and calibrated.yaml
  std::vector<CalibrationParameter> params;
  std::vector<VariedKey> keys; // per parameter, its range
  std::vector<std::string> own_values; // the scenario's value of each key
  std::vector<ObservationTarget> targets;
  std::vector<Context> contexts;
  std::vector<std::size_t> target_context;
  std::vector<DesignPoint> points; // point 0: the scenario as it is
  std::vector<LoadedScenario> loaded; // per point and context, point-major
  int replications = 0;
  std::uint64_t seed = 0;
};

const std::set<std::string>& class_metrics()
{
  static const std::set<std::string> m{"served_per_day", "diverted_out_per_day", "wait_mean_min", "wait_p95_min", "system_time_mean_min",
                                       "system_time_p95_min", "abandoned_per_day", "diverted_impatient_per_day",
                                       "wait_mean_incl_waiting_min", "balked_per_day", "suppressed_per_day", "booked_per_day",
                                       "slot_wait_mean_min"};
  return m;
}
const std::set<std::string>& stage_metrics()
{
  static const std::set<std::string> m{"queue_mean", "queue_max", "queue_mean_km", "queue_max_km", "utilization"};
  return m;
}
std::string listed(const std::set<std::string>& names)
{
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// Says where a target's selector does not match its scenario.
void check_selector(const ObservationTarget& t, const Scenario& s, Diagnostics& d)
{
  const std::string at = "targets." + t.id;
  const auto crossing = std::find_if(s.crossings.begin(), s.crossings.end(), [&](const Crossing& c) { return c.id == t.crossing; });
  if (crossing == s.crossings.end()) return d.error(t.at("crossing"), at + ".crossing", "no crossing '" + t.crossing + "' in scenario '" + s.name + "'");
  const auto dir = std::find_if(crossing->directions.begin(), crossing->directions.end(), [&](const Direction& x) { return x.id == t.direction; });
  if (dir == crossing->directions.end()) return d.error(t.at("direction"), at + ".direction", "no direction '" + t.direction + "' at " + t.crossing);
  if (t.hour_from && (t.vehicle_class.empty() || (t.metric != "wait_mean_min" && t.metric != "served_per_day")))
    d.error(t.at("hours"), at + ".hours",
            "the hours of a day select a class's wait_mean_min or served_per_day only (by the hour each arrived), not " +
                (t.vehicle_class.empty() ? std::string("a stage's metric") : t.metric));
  if (!t.vehicle_class.empty()) {
    if (!class_metrics().count(t.metric)) d.error(t.at("metric"), at + ".metric", "'" + t.metric + "' is not a class's key metric; valid: " + listed(class_metrics()));
    const bool flows = std::any_of(dir->demand.begin(), dir->demand.end(), [&](const DemandFlow& f) {
      return f.class_index >= 0 && s.classes[static_cast<std::size_t>(f.class_index)].id == t.vehicle_class;
    });
    if (!flows) d.error(t.at("class"), at + ".class", "no demand of class '" + t.vehicle_class + "' at " + t.crossing + "/" + t.direction);
  } else if (!t.stage.empty()) {
    if (!stage_metrics().count(t.metric)) d.error(t.at("metric"), at + ".metric", "'" + t.metric + "' is not a stage's key metric; valid: " + listed(stage_metrics()));
    if (std::none_of(dir->stages.begin(), dir->stages.end(), [&](const Stage& x) { return x.id == t.stage; }))
      d.error(t.at("stage"), at + ".stage", "no stage '" + t.stage + "' at " + t.crossing + "/" + t.direction);
  }
}

/// The overrides that run `scenario` over [from, to]: the warm-up's whole days before `from`, then to the end of `to`.
std::vector<std::string> window_overrides(const ObservationTarget& t, const Scenario& scenario)
{
  const int warmup_days = static_cast<int>(std::ceil(scenario.simulation.warmup_s / kSecondsPerDay - 1e-9));
  const auto from = std::chrono::sys_days(*t.window_from);
  const auto to = std::chrono::sys_days(*t.window_to);
  const int days = static_cast<int>((to - from).count()) + 1;
  return {"simulation.start_date=" + SimCalendar(std::chrono::year_month_day(from - std::chrono::days(warmup_days))).date_text(),
          "simulation.warmup=" + std::to_string(warmup_days) + "d", "simulation.horizon=" + std::to_string(warmup_days + days) + "d"};
}

/// The overrides of a point: the command's, the context's window, then the parameters' values ("" keeps the scenario's).
std::vector<std::string> point_overrides(const Calibration& c, const Context& context, const std::vector<std::string>& values)
{
  std::vector<std::string> o = c.args.overrides;
  o.insert(o.end(), context.window_overrides.begin(), context.window_overrides.end());
  for (std::size_t k = 0; k < c.keys.size(); ++k)
    if (!values[k].empty()) o.push_back(c.keys[k].key + "=" + values[k]);
  return o;
}

/// Reads the two files, checks them against the scenario, and loads every screen point in every context; nothing when
/// refused (every error said, located).
std::optional<Calibration> plan(const WorkArgs& args, bool verbose)
{
  Calibration c;
  c.args = args;
  Diagnostics d;
  c.params = load_calibration_parameters(args.params_file, d);
  c.targets = load_observation_targets(args.targets_file, d);
  c.base = load_scenario(args.configs.front(), args.overrides);
  bool ok = report_diagnostics(c.base);
  if (!ok) { // the files' own errors are said too: every error at once
    for (const auto& x : d.all()) std::fprintf(stderr, "%s\n", x.format().c_str());
    return std::nullopt;
  }
  const Scenario& base = *c.base.scenario;
  c.replications = base.simulation.replications;
  c.seed = base.simulation.seed;
  if (c.replications < 2)
    d.error({args.configs.front(), 1, 1}, "simulation.replications",
            "a calibration needs at least 2 replications: the spread between them is part of every implausibility");
  if (std::none_of(c.targets.begin(), c.targets.end(), [](const ObservationTarget& t) { return t.use == TargetUse::fit; }))
    d.error({args.targets_file, 1, 1}, "targets", "no target has use: fit; there is nothing to fit to");

  // The contexts: each distinct scenario file and window, in the order the targets first name them.
  std::map<std::string, LoadedScenario> context_bases; // by file: its scenario with --set, for its warm-up and its keys
  for (const auto& t : c.targets) {
    if (t.crossing.empty() || t.direction.empty() || t.metric.empty()) { // said already
      c.target_context.push_back(0);
      continue;
    }
    const std::string file = t.scenario_file.empty() ? args.configs.front() : t.scenario_file;
    if (!context_bases.count(file)) {
      context_bases.emplace(file, file == args.configs.front() ? c.base : load_scenario(file, args.overrides));
      if (!context_bases.at(file).scenario) {
        for (const auto& x : context_bases.at(file).diagnostics.all()) std::fprintf(stderr, "%s\n", x.format().c_str());
        d.error(t.at("scenario"), "targets." + t.id + ".scenario", "the scenario '" + file + "' is refused (above)");
      }
    }
    const LoadedScenario& ctx_base = context_bases.at(file);
    if (!ctx_base.scenario) {
      c.target_context.push_back(0);
      continue;
    }
    check_selector(t, *ctx_base.scenario, d);
    Context ctx{file, t.dates_text(), {}};
    if (t.window_from) ctx.window_overrides = window_overrides(t, *ctx_base.scenario);
    const auto same = std::find_if(c.contexts.begin(), c.contexts.end(), [&](const Context& x) { return x.file == ctx.file && x.window == ctx.window; });
    c.target_context.push_back(static_cast<std::size_t>(same - c.contexts.begin()));
    if (same == c.contexts.end()) c.contexts.push_back(std::move(ctx));
  }

  // Each parameter: a settable key of every context's scenario, with a numeric range.
  std::map<std::string, std::vector<KeyPathValue>> settable; // by file, listed once
  for (const auto& [file, loaded] : context_bases)
    if (loaded.scenario) settable.emplace(file, settable_key_paths(loaded.effective_config));
  for (const auto& p : c.params) {
    VariedKey k;
    if (p.key.empty() || p.low_text.empty() || p.high_text.empty()) { // said already
      c.keys.emplace_back();
      c.own_values.emplace_back();
      continue;
    }
    auto parsed = parse_vary(p.key + "=" + p.low_text + ".." + p.high_text);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
      d.error(p.where, "parameters." + p.key, *problem);
      c.keys.emplace_back();
      c.own_values.emplace_back();
      continue;
    }
    k = std::get<VariedKey>(std::move(parsed));
    k.log_scale = p.log_scale;
    if (p.log_scale && !(*k.low > 0)) d.error(p.where, "parameters." + p.key + ".low", "a log scale needs a range above 0");
    std::string own;
    for (const auto& [file, loaded] : context_bases) {
      if (!loaded.scenario) continue;
      // A key --set takes, holding one value: a listed key, or one parameter of a distribution (`service.truck.mean`).
      const ConfigNode* node = find_key_path(loaded.effective_config, p.key, identity_key_for);
      if (!node || !node->is_scalar()) {
        d.error(p.key_where, "parameters." + p.key,
                std::string(node ? "holds no single value" : "not a key") + " of scenario '" + loaded.scenario->name + "' (bordersim validate " +
                    file + " --keys lists them)");
        break;
      }
      k.whole = takes_whole_numbers(settable.at(file), p.key);
      if (file == args.configs.front()) own = node->scalar;
    }
    c.keys.push_back(std::move(k));
    c.own_values.push_back(own);
  }
  if (d.has_errors()) {
    for (const auto& x : d.all()) std::fprintf(stderr, "%s\n", x.format().c_str());
    return std::nullopt;
  }

  // The screen: the scenario as it is (point 0, the "before"), then a Latin hypercube.
  const int n = args.points > 0 ? args.points : std::max(10, 10 * static_cast<int>(c.keys.size()));
  c.points.push_back({std::vector<std::string>(c.keys.size()), -1, -1, 0});
  for (auto& p : make_design(c.keys, Design{DesignKind::lhs, n}, 0, c.seed)) c.points.push_back(std::move(p));
  if (c.points.size() * c.contexts.size() * static_cast<std::size_t>(c.replications) > kMaxTasks) {
    std::fprintf(stderr, "bordersim: the screen has more than %zu tasks; fewer --points or replications\n", kMaxTasks);
    return std::nullopt;
  }
  for (std::size_t p = 0; p < c.points.size(); ++p)
    for (const auto& ctx : c.contexts) {
      c.loaded.push_back(load_scenario(ctx.file, point_overrides(c, ctx, c.points[p].values)));
      for (const auto& x : c.loaded.back().diagnostics.all())
        if (x.severity == Severity::Error || verbose) std::fprintf(stderr, "point %zu: %s\n", p, x.format().c_str());
      if (!c.loaded.back().scenario) ok = false;
    }
  if (!ok) return std::nullopt;
  for (auto& l : c.loaded) { // common random numbers
    l.scenario->simulation.seed = c.seed;
    l.scenario->simulation.replications = c.replications;
  }
  return c;
}

/// A class's wait_mean_min or served_per_day per replication over the vehicles that arrived in the target's hours
/// of the day (the tallies by hour of arrival: those that arrived in the window and left by the horizon).
std::vector<double> by_hours(const ObservationTarget& t, const RunLayout& layout, const std::vector<ReplicationResult>& results)
{
  const Scenario& scenario = layout.scenario();
  std::optional<std::size_t> flow;
  for (std::size_t r = 0; r < layout.routes().size() && !flow; ++r) {
    const int route = static_cast<int>(r);
    if (layout.crossing(route).id != t.crossing || layout.direction(route).id != t.direction) continue;
    for (std::size_t ci = 0; ci < scenario.classes.size(); ++ci)
      if (scenario.classes[ci].id == t.vehicle_class) flow = layout.flow(route, static_cast<int>(ci));
  }
  std::vector<double> out;
  for (const auto& x : results) {
    if (!flow) {
      out.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    std::uint64_t count = 0;
    double wait_s = 0;
    for (int h = *t.hour_from; h < *t.hour_to; ++h) {
      count += x.flows[*flow].by_arrival_hour[static_cast<std::size_t>(h)].count;
      wait_s += x.flows[*flow].by_arrival_hour[static_cast<std::size_t>(h)].wait_sum_s;
    }
    if (t.metric == "served_per_day") out.push_back(x.per_day(count));
    else out.push_back(count ? wait_s / static_cast<double>(count) / kSecondsPerMinute : std::numeric_limits<double>::quiet_NaN());
  }
  return out;
}

/// Every target's score at one point, from its contexts' results (in context order).
std::vector<TargetScore> score_point(const Calibration& c, const std::vector<const Scenario*>& scenarios,
                                     const std::vector<std::vector<ReplicationResult>>& results, std::vector<std::string>* units = nullptr)
{
  std::vector<RunLayout> layouts;
  std::vector<std::vector<MetricSeries>> metrics;
  for (std::size_t x = 0; x < c.contexts.size(); ++x) {
    layouts.emplace_back(*scenarios[x]);
    metrics.push_back(key_metrics(layouts.back(), results[x]));
  }
  std::vector<TargetScore> scores;
  for (std::size_t i = 0; i < c.targets.size(); ++i) {
    const ObservationTarget& t = c.targets[i];
    const MetricKey key{t.crossing, t.direction, t.vehicle_class.empty() ? "all" : t.vehicle_class, t.metric, t.stage};
    const MetricSeries* m = find_metric(metrics[c.target_context[i]], key);
    if (units) units->push_back(m ? m->unit : "");
    if (t.hour_from && m) { // the same metric over the vehicles that arrived in those hours
      scores.push_back(score_target(t, by_hours(t, layouts[c.target_context[i]], results[c.target_context[i]])));
      continue;
    }
    scores.push_back(score_target(t, m ? m->per_replication : std::vector<double>{}));
  }
  return scores;
}

/// One set of parameter values and what the model gave there.
struct Evaluation {
  std::vector<std::string> values; // per parameter, as set
  std::vector<TargetScore> scores;
  double loss = 0;
  int start = -1; // the refinement's start it belongs to; -1: a screen point
};

class CalibrateRun : public MultiRunPlan {
public:
  explicit CalibrateRun(Calibration c) : c_(std::move(c)) {}
  const char* command() const override { return "calibrate"; }
  const char* scenarios_word() const override { return "points x contexts"; }
  std::string default_folder() const override { return "calibrate-" + c_.base.scenario->name; }
  bool key_metrics_only() const override { return true; }
  std::vector<ScenarioTasks> scenarios(const std::string& parts_root) override
  {
    std::vector<ScenarioTasks> all;
    for (std::size_t i = 0; i < c_.loaded.size(); ++i) {
      const std::size_t p = i / c_.contexts.size(), x = i % c_.contexts.size();
      all.push_back({&*c_.loaded[i].scenario, parts_root + "/point" + std::to_string(p) + "-context" + std::to_string(x),
                     "point " + std::to_string(p) + (c_.contexts.size() > 1 ? " context " + std::to_string(x) : "")});
    }
    return all;
  }
  std::vector<ConfigNode*> effective_configs() override { return {&c_.base.effective_config}; }
  void write(std::vector<std::vector<ReplicationResult>> results, const std::string&, OutputFolder::Parts, OutputFolder& folder,
             const CommandLine& cl) override;
  int finish(const OutputFolder& folder, const CommandLine& cl) override;
  const Calibration& calibration() const { return c_; }

private:
  double loss_of(const std::vector<TargetScore>& scores) const;
  Evaluation evaluate(const std::vector<std::string>& values, int start, const RunOptions& options, const std::string& scratch);
  std::optional<std::vector<bool>> identified() const;
  void refine(const RunOptions& options);
  std::string calibrated_yaml(const Evaluation& best, const std::vector<ParameterRow>& params) const;

  Calibration c_;
  std::vector<Evaluation> screen_, refinement_;
  std::vector<double> max_implausibility_; // per screen point, over the fitted targets
  std::vector<double> scale_;             // per target: the fixed σ of its standardised error
  std::vector<bool> identified_;          // per parameter: whether the fitted targets pin it down (see identified())
  bool identification_tested_ = false;    // enough plausible points to tell
  std::vector<std::string> units_; // per target, its metric's
  std::vector<CalibrationRow> summary_;
  std::size_t plausible_count_ = 0;
  std::string workbook_problem_;
};

double CalibrateRun::loss_of(const std::vector<TargetScore>& scores) const
{
  double loss = 0;
  for (std::size_t i = 0; i < c_.targets.size(); ++i) {
    if (c_.targets[i].use != TargetUse::fit) continue;
    if (std::isnan(scores[i].distance)) return kNoValueLoss;
    const double z = scores[i].distance / scale_[i];
    loss += z * z;
  }
  return loss;
}

Evaluation CalibrateRun::evaluate(const std::vector<std::string>& values, int start, const RunOptions& options, const std::string& scratch)
{
  // The same values again (the optimiser may ask twice): the same results, without running them.
  for (const auto& e : refinement_)
    if (e.values == values) return Evaluation{values, e.scores, e.loss, start};
  Evaluation e{values, {}, kNoValueLoss, start};
  std::vector<LoadedScenario> loaded;
  for (const auto& ctx : c_.contexts) {
    loaded.push_back(load_scenario(ctx.file, point_overrides(c_, ctx, values)));
    if (!loaded.back().scenario) { // the screen's checks hold for its points only: say why, and never choose this one
      for (const auto& x : loaded.back().diagnostics.all()) spdlog::warn("refinement: {}", x.format());
      return e;
    }
    loaded.back().scenario->simulation.seed = c_.seed;
    loaded.back().scenario->simulation.replications = c_.replications;
  }
  std::vector<ScenarioTasks> tasks;
  const std::string dir = scratch + "/evaluation" + std::to_string(refinement_.size());
  for (std::size_t x = 0; x < loaded.size(); ++x)
    tasks.push_back({&*loaded[x].scenario, dir + "/context" + std::to_string(x), "refinement evaluation " + std::to_string(refinement_.size())});
  RunOptions quiet = options;
  quiet.precision.reset();
  auto results = run_together(tasks, {}, quiet).first;
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  std::vector<const Scenario*> scenarios;
  for (const auto& l : loaded) scenarios.push_back(&*l.scenario);
  e.scores = score_point(c_, scenarios, results);
  e.loss = loss_of(e.scores);
  return e;
}

/// An input is identified when the plausible points spread over less of its range than as many points drawn at random
/// would, with 95% probability: n points uniform on [0, 1] span at most w with chance n w^(n-1) - (n-1) w^n; a
/// whole-number input's level that none of them takes, held by a share q of the screen, is missed by chance (1 - q)^n.
/// With fewer than kMinPlausibleToTell plausible points the screen cannot tell: nothing.
std::optional<std::vector<bool>> CalibrateRun::identified() const
{
  std::vector<std::size_t> order;
  for (std::size_t p = 0; p < screen_.size(); ++p)
    if (max_implausibility_[p] <= c_.args.cutoff) order.push_back(p);
  const std::size_t n = order.size();
  if (n < kMinPlausibleToTell) return std::nullopt;
  const auto dn = static_cast<double>(n);
  std::vector<bool> out;
  for (std::size_t k = 0; k < c_.keys.size(); ++k) {
    const auto position = [&](std::size_t p) {
      return c_.keys[k].position_of(screen_[p].values[k]).value_or(0.5);
    };
    double chance = 1;
    if (c_.keys[k].whole) {
      std::map<double, std::size_t> screen_levels, best_levels;
      for (std::size_t p = 0; p < screen_.size(); ++p) ++screen_levels[position(p)];
      for (std::size_t i = 0; i < n; ++i) ++best_levels[position(order[i])];
      for (const auto& [level, count] : screen_levels)
        if (!best_levels.count(level))
          chance = std::min(chance, std::pow(1 - static_cast<double>(count) / static_cast<double>(screen_.size()), dn));
    } else {
      double lo = 1, hi = 0;
      for (std::size_t i = 0; i < n; ++i) lo = std::min(lo, position(order[i])), hi = std::max(hi, position(order[i]));
      const double w = std::clamp(hi - lo, 0.0, 1.0);
      chance = dn * std::pow(w, dn - 1) - (dn - 1) * std::pow(w, dn);
    }
    out.push_back(chance < 0.05);
  }
  return out;
}

void CalibrateRun::refine(const RunOptions& options)
{
  // Starts: the best screen points, plausible ones first, by their largest implausibility. Each start keeps its
  // identified inputs and puts the others back at the scenario's values: what the targets do not pin down stays as
  // the scenario has it, and the calibrated point is one that calibrated.yaml runs.
  std::vector<std::size_t> order(screen_.size());
  for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return max_implausibility_[a] < max_implausibility_[b]; });
  std::vector<std::size_t> continuous;
  for (std::size_t k = 0; k < c_.keys.size(); ++k)
    if (identified_[k] && !c_.keys[k].whole) continuous.push_back(k);
  const ScratchFolder scratch;
  const int starts = std::min<int>(c_.args.starts, static_cast<int>(order.size()));
  for (int s = 0; s < starts; ++s) {
    const Evaluation& from = screen_[order[static_cast<std::size_t>(s)]];
    std::vector<std::string> values = from.values;
    for (std::size_t k = 0; k < values.size(); ++k)
      if (!identified_[k]) values[k] = c_.own_values[k];
    if (continuous.empty() || c_.args.refine_evaluations == 0) { // nothing to move: the start alone, evaluated
      throw_if_interrupted();
      refinement_.push_back(evaluate(values, s, options, scratch.path()));
      continue;
    }
    std::vector<double> u0;
    for (const std::size_t k : continuous) u0.push_back(std::clamp(c_.keys[k].position_of(values[k]).value_or(0.5), 0.0, 1.0));
    const auto at = [&](const std::vector<double>& u) {
      std::vector<std::string> v = values;
      for (std::size_t j = 0; j < continuous.size(); ++j) v[continuous[j]] = c_.keys[continuous[j]].value_at(u[j]);
      return v;
    };
    std::exception_ptr failure;
    // BOBYQA needs two dimensions at least; one is a line search for Subplex.
    nlopt::opt opt(continuous.size() >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_SBPLX, static_cast<unsigned>(continuous.size()));
    opt.set_lower_bounds(std::vector<double>(continuous.size(), 0.0));
    opt.set_upper_bounds(std::vector<double>(continuous.size(), 1.0));
    opt.set_initial_step(std::vector<double>(continuous.size(), 0.1));
    opt.set_maxeval(c_.args.refine_evaluations);
    opt.set_xtol_abs(1e-4);
    const auto objective = [&](const std::vector<double>& u) -> double {
      try {
        throw_if_interrupted();
        Evaluation e = evaluate(at(u), s, options, scratch.path());
        const double loss = e.loss;
        refinement_.push_back(std::move(e));
        spdlog::debug("refinement start {} evaluation {}: loss {:.4g}", s, refinement_.size(), loss);
        return loss;
      } catch (...) {
        failure = std::current_exception();
        throw nlopt::forced_stop();
      }
    };
    using Objective = decltype(objective);
    opt.set_min_objective(
        [](const std::vector<double>& u, std::vector<double>&, void* data) { return (*static_cast<const Objective*>(data))(u); },
        const_cast<void*>(static_cast<const void*>(&objective)));
    std::vector<double> u = u0;
    double loss = 0;
    try {
      opt.optimize(u, loss);
    } catch (const nlopt::forced_stop&) {
    } catch (const nlopt::roundoff_limited&) {
    } catch (const std::invalid_argument& e) {
      spdlog::warn("refinement start {}: NLopt refused it: {}", s, e.what());
    }
    if (failure) std::rethrow_exception(failure);
  }
}

void CalibrateRun::write(std::vector<std::vector<ReplicationResult>> results, const std::string&, OutputFolder::Parts, OutputFolder& folder,
                         const CommandLine& cl)
{
  const std::size_t contexts = c_.contexts.size();
  // The screen's scores, point by point.
  for (std::size_t p = 0; p < c_.points.size(); ++p) {
    std::vector<const Scenario*> scenarios;
    std::vector<std::vector<ReplicationResult>> mine;
    for (std::size_t x = 0; x < contexts; ++x) {
      scenarios.push_back(&*c_.loaded[p * contexts + x].scenario);
      mine.push_back(std::move(results[p * contexts + x]));
    }
    // Point 0 leaves the keys as the scenario has them: its values are the scenario's own.
    Evaluation e{p == 0 ? c_.own_values : c_.points[p].values, score_point(c_, scenarios, mine, p == 0 ? &units_ : nullptr), 0, -1};
    double worst = 0;
    for (std::size_t i = 0; i < c_.targets.size(); ++i)
      if (c_.targets[i].use == TargetUse::fit) worst = std::max(worst, e.scores[i].implausibility);
    max_implausibility_.push_back(worst);
    screen_.push_back(std::move(e));
  }
  results.clear();
  for (std::size_t i = 0; i < c_.targets.size(); ++i)
    if (std::isinf(screen_[0].scores[i].implausibility))
      spdlog::warn("target {}: the scenario as it is gives {} no value for {}/{}/{} (no such metric for this flow, or nothing measured "
                   "in its window): every point without one is ruled out on it",
                   c_.targets[i].id, c_.targets[i].metric, c_.targets[i].crossing, c_.targets[i].direction,
                   c_.targets[i].stage.empty() ? c_.targets[i].vehicle_class : c_.targets[i].stage);
  const auto best_screen = static_cast<std::size_t>(std::min_element(max_implausibility_.begin(), max_implausibility_.end()) - max_implausibility_.begin());
  // Each target's σ, fixed from the least implausible point (or 5% of what was observed, where that point has none).
  for (std::size_t i = 0; i < c_.targets.size(); ++i) {
    const ObservationTarget& t = c_.targets[i];
    const double v = screen_[best_screen].scores[i].variance;
    const double observed = t.observed ? *t.observed : (*t.observed_low + *t.observed_high) / 2;
    scale_.push_back(v > 0 && std::isfinite(v) ? std::sqrt(v) : std::max(0.05 * std::fabs(observed), 1e-9));
  }
  for (auto& e : screen_) e.loss = loss_of(e.scores);
  std::size_t plausible = 0;
  for (const double m : max_implausibility_) plausible += m <= c_.args.cutoff;
  spdlog::info("screen: {} of {} points plausible (largest implausibility over the fitted targets at most {})", plausible, screen_.size(),
               c_.args.cutoff);
  if (plausible == 0) spdlog::warn("no point of the screen is plausible: the refinement starts from the least implausible ones");
  RunOptions options = options_from(cl, c_.args.configs.front());
  options.announce = false;
  options.pool.hour_histograms = false;
  options.pool.timeseries = false;
  options.pool.progress = false;
  const auto told = identified();
  identification_tested_ = told.has_value();
  identified_ = told.value_or(std::vector<bool>(c_.keys.size(), true));
  if (!identification_tested_)
    spdlog::warn("only {} plausible points (fewer than {}): the screen cannot tell which inputs the fitted targets identify, so every one "
                 "is refined (parameters.csv: identified 'untested'); more --points, or looser targets, would tell",
                 plausible, kMinPlausibleToTell);
  std::string words[2];
  for (std::size_t k = 0; k < c_.keys.size(); ++k) words[identified_[k] ? 0 : 1] += "\n  " + c_.keys[k].key;
  spdlog::info("inputs the fitted targets identify (refined):{}", words[0].empty() ? " none" : words[0]);
  if (!words[1].empty()) spdlog::info("inputs they do not identify (kept at the scenario's values):{}", words[1]);
  refine(options);

  // The calibrated point: the least loss over the refinement (the first of equals).
  const Evaluation* best = &refinement_.front();
  for (const auto& e : refinement_)
    if (e.loss < best->loss) best = &e;
  const std::vector<std::string>& best_values = best->values;

  // calibration.csv
  std::vector<CalibrationRow> rows;
  for (std::size_t i = 0; i < c_.targets.size(); ++i) {
    const ObservationTarget& t = c_.targets[i];
    const TargetScore& s = best->scores[i];
    CalibrationRow r;
    r.target = t.id;
    r.use = t.use == TargetUse::fit ? "fit" : "holdout";
    r.crossing = t.crossing;
    r.direction = t.direction;
    r.vehicle_class = t.vehicle_class;
    r.stage = t.stage;
    r.metric = t.metric;
    r.unit = units_[i];
    r.window = t.window_text();
    r.scenario = t.scenario_file.empty() ? "" : std::filesystem::path(t.scenario_file).filename().string();
    r.observed = t.observed;
    r.observed_low = t.observed_low;
    r.observed_high = t.observed_high;
    r.uncertainty = t.uncertainty;
    r.discrepancy = t.discrepancy;
    if (!std::isnan(s.simulated)) r.simulated = s.simulated;
    if (!std::isnan(s.simulated_ci95)) r.simulated_ci95 = s.simulated_ci95;
    if (!std::isnan(s.distance)) r.standardized_error = s.distance / scale_[i];
    if (std::isfinite(s.implausibility)) r.implausibility = s.implausibility;
    std::size_t out = 0;
    for (const auto& e : screen_) out += e.scores[i].implausibility > c_.args.cutoff;
    r.ruled_out_share = static_cast<double>(out) / static_cast<double>(screen_.size());
    const TargetScore& before = screen_[0].scores[i]; // point 0: the scenario as it is
    if (!std::isnan(before.simulated)) r.scenario_simulated = before.simulated;
    if (!std::isnan(before.simulated_ci95)) r.scenario_simulated_ci95 = before.simulated_ci95;
    if (std::isfinite(before.implausibility)) r.scenario_implausibility = before.implausibility;
    r.source = t.source;
    rows.push_back(std::move(r));
  }
  // parameters.csv: each range, what the plausible set leaves of it, and the calibrated value.
  std::vector<ParameterRow> params;
  for (std::size_t k = 0; k < c_.keys.size(); ++k) {
    const VariedKey& key = c_.keys[k];
    ParameterRow r{key.key,         key.log_scale ? "log" : "linear", c_.params[k].low_text, c_.params[k].high_text, c_.own_values[k], "", "",
                   !identification_tested_ ? "untested" : identified_[k] ? "yes" : "no", best_values[k], c_.params[k].source};
    std::optional<double> lo, hi;
    for (std::size_t p = 0; p < screen_.size(); ++p) {
      if (max_implausibility_[p] > c_.args.cutoff) continue;
      const std::string& v = screen_[p].values[k];
      const auto u = key.position_of(v);
      if (!u) continue;
      if (!lo || *u < *lo) lo = u, r.plausible_low = v;
      if (!hi || *u > *hi) hi = u, r.plausible_high = v;
    }
    params.push_back(std::move(r));
  }
  // The screen: design.csv, implausibility.csv, plausible.csv.
  std::vector<DesignRow> design;
  std::vector<ImplausibilityRow> implausibility;
  std::vector<PlausibleRow> plausible_rows;
  for (std::size_t p = 0; p < screen_.size(); ++p) {
    const bool ok = max_implausibility_[p] <= c_.args.cutoff;
    for (std::size_t k = 0; k < c_.keys.size(); ++k) {
      const std::string& v = screen_[p].values[k];
      design.push_back({static_cast<std::int64_t>(p), {}, c_.keys[k].key, v});
      if (ok) plausible_rows.push_back({static_cast<std::int64_t>(p), c_.keys[k].key, v, max_implausibility_[p]});
    }
    for (std::size_t i = 0; i < c_.targets.size(); ++i) {
      const TargetScore& s = screen_[p].scores[i];
      ImplausibilityRow r{static_cast<std::int64_t>(p), c_.targets[i].id, c_.targets[i].use == TargetUse::fit ? "fit" : "holdout", {}, {}, {},
                          ok ? "yes" : "no"};
      if (!std::isnan(s.simulated)) r.simulated = s.simulated;
      if (!std::isnan(s.simulated_ci95)) r.simulated_ci95 = s.simulated_ci95;
      if (std::isfinite(s.implausibility)) r.implausibility = s.implausibility;
      implausibility.push_back(std::move(r));
    }
  }
  std::vector<RefinementRow> refinement;
  for (std::size_t e = 0; e < refinement_.size(); ++e)
    for (std::size_t k = 0; k < c_.keys.size(); ++k)
      refinement.push_back({static_cast<std::int64_t>(e), refinement_[e].start, c_.keys[k].key, refinement_[e].values[k], refinement_[e].loss});
  folder.write_csv(output_file::calibration, rows);
  folder.write_csv(output_file::parameters, params);
  folder.write_csv(output_file::design, design);
  folder.write_csv(output_file::implausibility, implausibility);
  folder.write_csv(output_file::plausible, plausible_rows);
  folder.write_csv(output_file::refinement, refinement);
  folder.write_text(output_file::calibrated_config, calibrated_yaml(*best, params));
  summary_ = rows;
  plausible_count_ = plausible;
  RunOptions info_options = options_from(cl, c_.args.configs.front());
  RunInfo info = run_info_for(folder, "", info_options);
  folder.write_text(output_file::run_info, run_info_json(*c_.base.scenario, info));
  workbook_problem_ = write_views(folder, cl);
  if (!workbook_problem_.empty()) {
    std::erase(info.files, std::string(output_file::workbook)); // run_info.json lists only what is there
    folder.write_text(output_file::run_info, run_info_json(*c_.base.scenario, info));
  }
}

/// Sets `path` in `top`, a sparse tree that an `extends` file merges onto `effective`: list items are named by
/// their identity, as the merge finds them.
void set_key_path(ConfigNode& top, const ConfigNode& effective, const std::string& path, const std::string& value)
{
  std::vector<std::string> segments;
  for (std::size_t from = 0;;) {
    const auto dot = path.find('.', from);
    segments.push_back(path.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  ConfigNode* out = &top;
  const ConfigNode* in = &effective;
  std::string pattern;
  for (std::size_t i = 0; i < segments.size() && in; ++i) {
    const std::string& segment = segments[i];
    const bool last = i + 1 == segments.size();
    if (in->is_sequence()) {
      const std::string key(identity_key_for(pattern));
      const ConfigNode* item = nullptr;
      for (std::size_t k = 0; k < in->items.size() && !item; ++k)
        if (key_path_segment(in->items[k], key, k) == segment) item = &in->items[k];
      in = item;
      out->kind = ConfigNode::Kind::Sequence;
      ConfigNode* mine = nullptr;
      for (auto& x : out->items)
        if (const ConfigNode* id = x.find(key); id && id->scalar == segment) mine = &x;
      if (!mine) {
        out->items.push_back(ConfigNode::make_map({}));
        out->items.back().set(key, ConfigNode::make_scalar(segment, {}), {});
        mine = &out->items.back();
      }
      out = mine;
      pattern += "[]";
      continue;
    }
    if (out->kind != ConfigNode::Kind::Map) *out = ConfigNode::make_map({});
    pattern = child_pattern(pattern, segment);
    in = in->find(segment);
    if (last) {
      out->set(segment, ConfigNode::make_scalar(value, {}), {});
      return;
    }
    ConfigNode* child = out->find(segment);
    if (!child) child = &out->set(segment, ConfigNode{}, {});
    out = child;
  }
}

std::string CalibrateRun::calibrated_yaml(const Evaluation& best, const std::vector<ParameterRow>& params) const
{
  std::string fitted;
  for (const auto& t : c_.targets)
    if (t.use == TargetUse::fit) fitted += (fitted.empty() ? "" : ", ") + t.id;
  ConfigNode top = ConfigNode::make_map({});
  std::error_code ec;
  // `extends` is relative to the file that holds it: absolute, so that the file runs wherever --out put it.
  top.set("extends", ConfigNode::make_scalar(std::filesystem::absolute(c_.args.configs.front(), ec).lexically_normal().string(), {}), {});
  top.set("scenario", ConfigNode::make_scalar(c_.base.scenario->name + "-calibrated", {}), {});
  top.set("description", ConfigNode::make_scalar("'" + c_.base.scenario->name + "' with the inputs calibrated to " + fitted, {}), {});
  for (std::size_t k = 0; k < c_.keys.size(); ++k)
    if (identified_[k]) set_key_path(top, c_.base.effective_config, c_.keys[k].key, best.values[k]);
  // Each fitted value's provenance: in its crossing's block when the key is a crossing's, else the scenario's.
  for (std::size_t k = 0; k < c_.keys.size(); ++k) {
    if (!identified_[k]) continue;
    const std::string& key = c_.keys[k].key;
    // What the fit left of the range says how far to trust the value: a range kept whole is not identified.
    const std::string left = params[k].plausible_low.empty() ? "no screen point plausible"
                                                              : "plausible " + params[k].plausible_low + ".." + params[k].plausible_high;
    const std::string source = "calibrated by bordersim calibrate within " + c_.params[k].low_text + ".." + c_.params[k].high_text + ", " +
                               left + " (" + c_.params[k].source + ")";
    // The provenance list is named by "key"; its items are new, so they are built here rather than found.
    std::string relative = key;
    ConfigNode* list = &top; // the scenario's provenance, or for a crossing's key its crossing's (set above with the value)
    if (key.rfind("crossings.", 0) == 0)
      for (auto& item : top.find("crossings")->items)
        if (const ConfigNode* id = item.find("id"); id && key.rfind("crossings." + id->scalar + ".", 0) == 0) {
          list = &item;
          relative = key.substr(("crossings." + id->scalar + ".").size());
        }
    ConfigNode entry = ConfigNode::make_map({});
    entry.set("key", ConfigNode::make_scalar(relative, {}), {});
    entry.set("status", ConfigNode::make_scalar("calibrated", {}), {});
    entry.set("source", ConfigNode::make_scalar(source.substr(0, 1900), {}), {});
    entry.set("calibrated_to", ConfigNode::make_scalar(fitted.substr(0, 1900), {}), {});
    ConfigNode* prov = list->find("provenance");
    if (!prov) prov = &list->set("provenance", ConfigNode{}, {});
    prov->kind = ConfigNode::Kind::Sequence;
    prov->items.push_back(std::move(entry));
  }
  const std::string header = "# '" + c_.base.scenario->name + "' calibrated by bordersim calibrate: every value below is fitted to the targets "
                       "marked fit in " + std::filesystem::path(c_.args.targets_file).filename().string() +
                       " (calibration.csv says how well each holds, the held-out ones included).\n";
  return header + emit_yaml(top);
}

int CalibrateRun::finish(const OutputFolder& folder, const CommandLine&)
{
  std::printf("%zu of %zu screen points plausible; at the calibrated point:\n", plausible_count_, screen_.size());
  std::printf("  %-32s %-7s %12s %22s %8s %8s\n", "target", "use", "observed", "simulated (95% CI)", "z", "implaus.");
  for (const auto& r : summary_) {
    const std::string observed = r.observed ? format_number(*r.observed, 4)
                                            : format_number(*r.observed_low, 4) + ".." + format_number(*r.observed_high, 4);
    const std::string simulated = r.simulated ? format_number(*r.simulated, 4) + " ± " + (r.simulated_ci95 ? format_number(*r.simulated_ci95, 2) : "?")
                                              : "no value";
    std::printf("  %-32s %-7s %12s %22s %8s %8s\n", escape_for_terminal(r.target).c_str(), r.use.c_str(), observed.c_str(), simulated.c_str(),
                r.standardized_error ? format_number(*r.standardized_error, 3).c_str() : "",
                r.implausibility ? format_number(*r.implausibility, 3).c_str() : "inf");
  }
  if (!workbook_problem_.empty()) {
    warn_workbook_left_out(folder, workbook_problem_);
    return kExitFailure;
  }
  spdlog::info("results in {}/ (calibration.csv, parameters.csv, calibrated.yaml, plausible.csv, implausibility.csv, design.csv, "
               "refinement.csv)",
               folder.dir());
  return 0;
}

} // namespace

std::unique_ptr<MultiRunPlan> calibration_plan(const WorkArgs& args, bool verbose)
{
  auto c = plan(args, verbose);
  if (!c) return nullptr;
  return std::make_unique<CalibrateRun>(std::move(*c));
}

int calibrate_command(const CommandLine& cl)
{
  WorkArgs args = work_args(cl, "calibrate");
  auto run = calibration_plan(args, cl.verbose);
  if (!run) return kExitUsage;
  const Calibration& c = static_cast<CalibrateRun&>(*run).calibration();
  spdlog::info("calibration of {}: {} parameters, {} targets ({} fitted) in {} contexts; screen of {} points x {} replications, then "
               "{} evaluations from each of {} starts",
               c.base.scenario->name, c.keys.size(), c.targets.size(),
               std::count_if(c.targets.begin(), c.targets.end(), [](const ObservationTarget& t) { return t.use == TargetUse::fit; }),
               c.contexts.size(), c.points.size(), c.replications, args.refine_evaluations, args.starts);
  return execute(*run, args, cl);
}

} // namespace bordersim
