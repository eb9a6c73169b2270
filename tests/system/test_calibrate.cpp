// calibrate: observations made from a known parameter set are recovered from a wrong start; the true point is
// plausible; an input no target sees keeps its whole range; shards merge byte-identical; bad files are refused at once.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "system/bordersim_process.hpp"

using namespace bordersim::testing;

namespace {

// Three booths at crossing test, direction in; a second direction, out, that no target looks at. The truth:
// 2,400 cars a day in, 1.5 min each (utilisation 0.83).
std::string scenario(double per_day_in, const std::string& service_in)
{
  return "scenario: synth\n"
         "simulation: {horizon: 30d, warmup: 1d, replications: 3, seed: 5}\n"
         "crossings:\n"
         "  - id: test\n"
         "    directions:\n"
         "      - id: in\n"
         "        demand: [{class: car, per_day: " + std::to_string(per_day_in) + "}]\n"
         "        stages:\n"
         "          - id: booth\n"
         "            lanes: [{id: booths, count: 3, serves: [car]}]\n"
         "            service: {car: {dist: exponential, mean: " + service_in + "}}\n"
         "      - id: out\n"
         "        demand: [{class: car, per_day: 1000}]\n"
         "        stages:\n"
         "          - id: booth\n"
         "            lanes: [{id: booths, count: 2, serves: [car]}]\n"
         "            service: {car: {dist: exponential, mean: 1min}}\n";
}

const std::string kDemandIn = "crossings.test.directions.in.demand.car.per_day";
const std::string kServiceIn = "crossings.test.directions.in.stages.booth.service.car.mean";
const std::string kServiceOut = "crossings.test.directions.out.stages.booth.service.car.mean";

const std::string kParams = "parameters:\n"
                            "  - {key: " + kDemandIn + ", low: 1200, high: 3600, source: test}\n"
                            "  - {key: " + kServiceIn + ", low: 0.5min, high: 2min, scale: log, source: test}\n"
                            "  - {key: " + kServiceOut + ", low: 0.5min, high: 1.5min, source: 'test: no target sees it'}\n";

struct Observed {
  double value = 0, ci95 = 0;
};

/// A key metric of the truth, from a baseline of 10 replications with another seed than the calibration's.
std::map<std::string, Observed> observe_truth(const TempDir& dir)
{
  const std::string truth = dir.write("truth.yaml", scenario(2400, "1.5min"));
  const auto r = run_bordersim({"baseline", truth, "--seed", "99", "--replications", "10", "--out", dir.file("truth.csv"), "--quiet"});
  REQUIRE(r.exit_code == 0);
  std::map<std::string, Observed> out;
  for (const auto& row : read_csv(dir.file("truth.csv")))
    if (row.at("record") == "metric" && row.at("direction") == "in")
      out[(row.at("stage").empty() ? "" : row.at("stage") + "/") + row.at("metric")] = {number(row, "value"), number(row, "ci95")};
  return out;
}

/// Targets on direction in: served and the booth's utilisation, the mean wait held out. Each observation's
/// uncertainty is the standard deviation of the truth's mean (its 95% half-width over t(9) = 2.262), or `served_sd`.
std::string targets(const std::map<std::string, Observed>& o, std::optional<double> served_sd = {}, const std::string& util_use = "fit")
{
  const auto line = [&](const std::string& id, const std::string& select, const std::string& metric, const std::string& use,
                        std::optional<double> sd) {
    const Observed& x = o.at(metric == "utilization" ? "booth/" + metric : metric);
    return "  - {id: " + id + ", crossing: test, direction: in, " + select + ", metric: " + metric + ", observed: " + std::to_string(x.value) +
           ", uncertainty: " + std::to_string(sd.value_or(x.ci95 / 2.262)) + ", source: 'the truth, seed 99', use: " + use + "}\n";
  };
  return "targets:\n" + line("served", "class: car", "served_per_day", "fit", served_sd) +
         line("util", "stage: booth", "utilization", util_use, {}) + line("wait", "class: car", "wait_mean_min", "holdout", {});
}

std::map<std::string, CsvRecord> by(const std::vector<CsvRecord>& rows, const std::string& column)
{
  std::map<std::string, CsvRecord> out;
  for (const auto& r : rows) out[r.at(column)] = r;
  return out;
}

double minutes(const std::string& value) { return std::stod(value.substr(0, value.size() - 3)); }

/// Runs `args` as two concurrent shards into a work folder, merges them, runs them again as one process of `jobs`, and checks
/// that every file but run_info.json and the report is the same byte for byte. Returns the one process's folder.
std::string check_shards_match_one_process(const TempDir& dir, const std::vector<std::string>& args, int limit_s, const std::string& jobs)
{
  auto plus = [&](std::vector<std::string> more) {
    auto a = args;
    a.insert(a.end(), more.begin(), more.end());
    return a;
  };
  BordersimProcess first(plus({"--shard", "1/2", "--work", dir.file("work")}));
  BordersimProcess second(plus({"--shard", "2/2", "--work", dir.file("work")}));
  REQUIRE(first.wait(limit_s).exit_code == 0);
  REQUIRE(second.wait(limit_s).exit_code == 0);
  const auto merged = run_bordersim({"merge", dir.file("work"), "--out", dir.file("merged"), "--quiet"});
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  REQUIRE(run_bordersim(plus({"--jobs", jobs, "--out", dir.file("one")})).exit_code == 0);
  for (const char* file : {"calibration.csv", "parameters.csv", "design.csv", "implausibility.csv", "plausible.csv", "refinement.csv",
                           "calibrated.yaml"}) {
    INFO(file);
    CHECK(read_text(dir.file(std::string("merged/") + file)) == read_text(dir.file(std::string("one/") + file)));
  }
  return dir.file("one");
}

} // namespace

TEST_CASE("calibrate recovers a known point from a wrong start, and the true point is plausible", "[calibrate][theory]")
{
  TempDir dir;
  const auto observed = observe_truth(dir);
  const std::string targets_file = dir.write("targets.yaml", targets(observed));
  const std::string params_file = dir.write("params.yaml", kParams);
  const std::string wrong = dir.write("wrong.yaml", scenario(1500, "0.8min"));
  const auto r = run_bordersim({"calibrate", wrong, "--targets", targets_file, "--params", params_file, "--points", "20", "--refine", "40",
                                "--starts", "1", "--out", dir.file("out"), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto params = by(read_csv(dir.file("out/parameters.csv")), "key");
  const auto fit = by(read_csv(dir.file("out/calibration.csv")), "target");
  // The tolerance of each recovered input: the observation's 95% half-width plus the calibration's own (its 3
  // replications), relative; the service time is read through utilisation = λ s / 3, so its tolerance adds λ's.
  const double tol_demand = (observed.at("served_per_day").ci95 + number(fit.at("served"), "simulated_ci95")) / 2400;
  const double tol_service = tol_demand + (observed.at("booth/utilization").ci95 + number(fit.at("util"), "simulated_ci95")) / 0.8333;
  // The targets are tight against a coarse screen: too few plausible points to tell what they identify, so all is refined.
  CHECK(params.at(kDemandIn).at("identified") == "untested");
  const double demand = std::stod(params.at(kDemandIn).at("calibrated"));
  const double service = minutes(params.at(kServiceIn).at("calibrated"));
  INFO("demand " << demand << " (tolerance " << tol_demand << "), service " << service << " min (tolerance " << tol_service << ")");
  CHECK(std::fabs(demand / 2400 - 1) <= tol_demand);
  CHECK(std::fabs(service / 1.5 - 1) <= tol_service);
  // The fitted targets are met at the calibrated point; the held-out wait is reported, fitted or not.
  CHECK(number(fit.at("served"), "implausibility") <= 3);
  CHECK(number(fit.at("util"), "implausibility") <= 3);
  CHECK(fit.at("wait").at("use") == "holdout");
  CHECK_FALSE(fit.at("wait").at("simulated").empty());
  // calibrated.yaml runs, sets the fitted values and marks them calibrated, naming the fitted targets.
  const std::string yaml = read_text(dir.file("out/calibrated.yaml"));
  CHECK(yaml.find("status: calibrated") != std::string::npos);
  CHECK(yaml.find("calibrated_to: served, util") != std::string::npos);
  const auto v = run_bordersim({"validate", dir.file("out/calibrated.yaml"), "--provenance"});
  INFO(v.err);
  REQUIRE(v.exit_code == 0);
  CHECK(v.out.find("calibrated") != std::string::npos);

  // The true point is in the plausible set: calibrating from the truth itself, the screen's point 0 (the scenario as
  // it is) survives the same targets.
  const std::string truth = dir.file("truth.yaml");
  const auto t = run_bordersim({"calibrate", truth, "--targets", targets_file, "--params", params_file, "--points", "4", "--refine", "0",
                                "--out", dir.file("truth-out"), "--quiet"});
  REQUIRE(t.exit_code == 0);
  for (const auto& row : read_csv(dir.file("truth-out/implausibility.csv")))
    if (row.at("point") == "0") {
      INFO(row.at("target"));
      CHECK(row.at("plausible") == "yes");
    }
}

TEST_CASE("calibrate leaves an input that no target sees its whole range, and narrows one they see", "[calibrate]")
{
  TempDir dir;
  const auto observed = observe_truth(dir);
  // Served per day alone fitted, known to ±150 a day, with the service time in at its truth: the demand in is
  // identified (the booths never saturate, so served is demand), the service time out is seen by no target.
  const std::string targets_file = dir.write("targets.yaml", targets(observed, 150.0, "holdout"));
  const std::string params_file = dir.write("params.yaml", "parameters:\n"
                                                           "  - {key: " + kDemandIn + ", low: 1200, high: 3600, source: test}\n"
                                                           "  - {key: " + kServiceOut + ", low: 0.5min, high: 1.5min, source: test}\n");
  const auto r = run_bordersim({"calibrate", dir.write("wrong.yaml", scenario(1500, "1.5min")), "--targets", targets_file, "--params",
                                params_file, "--points", "100", "--refine", "0", "--out", dir.file("out"), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto params = by(read_csv(dir.file("out/parameters.csv")), "key");
  const double plausible_points = static_cast<double>(read_csv(dir.file("out/plausible.csv")).size()) / 2;
  REQUIRE(plausible_points >= 10);
  // If the plausible points' service times out are as spread as the screen's (uniform over the range), all of them
  // miss the lowest share f of the range with chance (1 - f)^n: f is set so that this is 0.1%, and so for the top.
  const double f = 1 - std::pow(0.001, 1 / plausible_points);
  const auto& out = params.at(kServiceOut);
  INFO(plausible_points << " plausible points; service out plausible " << out.at("plausible_low") << ".." << out.at("plausible_high")
                        << ", each end within " << f << " of the range");
  CHECK(minutes(out.at("plausible_low")) <= 0.5 + f * 1.0);
  CHECK(minutes(out.at("plausible_high")) >= 1.5 - f * 1.0);
  // ... so it is not identified: calibrated.yaml leaves it as the scenario has it, and sets the demand.
  CHECK(out.at("identified") == "no");
  CHECK(out.at("calibrated") == "1min");
  const std::string yaml = read_text(dir.file("out/calibrated.yaml"));
  CHECK(yaml.find("directions.out.stages.booth") == std::string::npos);
  CHECK(yaml.find("key: directions.in.demand.car.per_day") != std::string::npos);
  // The demand in, which served_per_day sees: narrowed to ±3 × 150 a day or so around the truth, well inside its range.
  const auto& demand = params.at(kDemandIn);
  CHECK(demand.at("identified") == "yes");
  const double low = std::stod(demand.at("plausible_low")), high = std::stod(demand.at("plausible_high"));
  INFO("demand plausible " << low << ".." << high);
  CHECK(high - low < 0.5 * (3600 - 1200));
  CHECK(low <= 2400);
  CHECK(high >= 2400);
}

TEST_CASE("calibrate takes a class's wait and served over the hours of a day each vehicle arrived", "[calibrate]")
{
  TempDir dir;
  const std::string config = dir.write("truth.yaml", scenario(2400, "1.5min"));
  const auto target = [](const std::string& id, const std::string& metric, const std::string& hours) {
    return "  - {id: " + id + ", crossing: test, direction: in, class: car, metric: " + metric + ", observed: 1, uncertainty: 1, " +
           (hours.empty() ? "" : "hours: '" + hours + "', ") + "source: test, use: " + (id == "wait_all" ? "fit" : "holdout") + "}\n";
  };
  const std::string targets_file =
      dir.write("targets.yaml", "targets:\n" + target("wait_all", "wait_mean_min", "") + target("wait_day", "wait_mean_min", "00:00-24:00") +
                                    target("served_morning", "served_per_day", "00:00-12:00") + target("served_evening", "served_per_day", "12:00-24:00") +
                                    target("served_all", "served_per_day", ""));
  const auto r = run_bordersim({"calibrate", config, "--targets", targets_file, "--params", dir.write("params.yaml", kParams), "--points", "2",
                                "--refine", "0", "--out", dir.file("out"), "--quiet"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto fit = by(read_csv(dir.file("out/calibration.csv")), "target");
  CHECK(fit.at("served_morning").at("window") == "00:00-12:00");
  // The whole day by hour of arrival is the cohort the mean wait is taken over: the same mean.
  CHECK(number(fit.at("wait_day"), "scenario_simulated") == Approx(number(fit.at("wait_all"), "scenario_simulated")).epsilon(1e-9));
  // Arrivals are Poisson at a flat rate: each half of the day takes half of what is served, within the intervals
  // of the two halves (their difference's half-width is at most the sum of theirs).
  const double morning = number(fit.at("served_morning"), "scenario_simulated");
  const double evening = number(fit.at("served_evening"), "scenario_simulated");
  CHECK(std::fabs(morning - evening) <= number(fit.at("served_morning"), "scenario_simulated_ci95") +
                                            number(fit.at("served_evening"), "scenario_simulated_ci95"));
  CHECK(morning + evening == Approx(number(fit.at("served_all"), "scenario_simulated")).epsilon(0.01));
}

TEST_CASE("calibrate in two concurrent shards, merged, is byte-identical to one process", "[calibrate][shards]")
{
  TempDir dir;
  const auto observed = observe_truth(dir);
  const std::string one = check_shards_match_one_process(
      dir,
      {"calibrate", dir.write("wrong.yaml", scenario(1500, "0.8min")), "--targets", dir.write("targets.yaml", targets(observed)), "--params",
       dir.write("params.yaml", kParams), "--points", "12", "--refine", "12", "--quiet"},
      300, "1");
  CHECK(read_csv(one + "/refinement.csv").size() > 0);
}

TEST_CASE("calibrate refuses bad target and parameter files with every located error at once, writing nothing", "[calibrate][bad-input]")
{
  TempDir dir;
  const std::string config = dir.write("s.yaml", scenario(2400, "1.5min"));
  const std::string targets_file = dir.write("targets.yaml", "targets:\n"
                                                             "  - {id: a, crossing: nowhere, direction: in, class: car, metric: served_per_day,\n"
                                                             "     observed: 1, source: x, use: fit}\n"
                                                             "  - {id: b, crossing: test, direction: in, stage: booth, metric: wait_mean_min,\n"
                                                             "     observed: {low: 5, high: 2}, source: x, use: maybe}\n"
                                                             "  - {id: c, crossing: test, direction: in, class: car, metric: served_per_day,\n"
                                                             "     observed: 1, window: {from: 2025-10-05, to: 2025-10-01}, use: fit, colour: red}\n"
                                                             "  - {id: d, crossing: test, direction: in, stage: booth, metric: utilization, hours: '07:00-10:00',\n"
                                                             "     observed: 1, source: x, use: holdout}\n"
                                                             "  - {id: e, crossing: test, direction: in, class: car, metric: wait_mean_min, hours: '7-10',\n"
                                                             "     observed: 1, source: x, use: holdout}\n");
  const std::string params_file = dir.write("params.yaml", "parameters:\n"
                                                           "  - {key: crossings.test.directions.in.nothing, low: 1, high: 2, source: x}\n"
                                                           "  - {key: " + kDemandIn + ", low: 3000, high: 2000, source: x}\n"
                                                           "  - {key: " + kServiceIn + ", low: 0min, high: 2min, scale: log, source: x}\n");
  const auto r = run_bordersim({"calibrate", config, "--targets", targets_file, "--params", params_file, "--out", dir.file("out"), "--quiet"});
  CHECK(r.exit_code == 2);
  for (const std::string& expected : std::vector<std::string>{
           targets_file + ":5:31: targets.b.observed.high: the range runs from low to high", "targets.b.use: expected fit or holdout",
        "targets.c.source: required", "targets.c.colour: unknown key", "targets.c.window.to: the window ends before it starts",
        "targets.a.crossing: no crossing 'nowhere'", "targets.b.metric: 'wait_mean_min' is not a stage's key metric",
        "parameters.crossings.test.directions.in.nothing: not a key", "a range runs from low to high",
        "parameters." + kServiceIn + ".low: a log scale needs a range above 0",
        "targets.d.hours: the hours of a day select a class's wait_mean_min or served_per_day only", "targets.e.hours: expected whole hours"}) {
    INFO(expected << "\n" << r.err);
    CHECK(r.err.find(expected) != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("out")));
}

TEST_CASE("calibrate: the KZ-KG network's own targets and parameters, in two concurrent shards, merge byte-identical to one process",
          "[calibrate][shards][network]")
{
  // A small screen of the real files (3 contexts: the autumn, July and the inspection campaign), 2 replications.
  TempDir dir;
  const std::string one = check_shards_match_one_process(
      dir,
      {"calibrate", source_path("configs/kz-kg/current.yaml"), "--targets", source_path("configs/kz-kg/targets.yaml"), "--params",
       source_path("configs/kz-kg/params.yaml"), "--points", "2", "--refine", "3", "--starts", "1", "--replications", "2", "--quiet"},
      900, "2");
  // Every target has a value at the calibrated point: the selectors of targets.yaml name what the network measures.
  for (const auto& row : read_csv(one + "/calibration.csv")) {
    INFO(row.at("target"));
    CHECK_FALSE(row.at("simulated").empty());
  }
}
