// Scaffolding shared by the unit tests of sim/ and models/: scratch folders, scenarios from YAML text,
// hand-made tallies, and one tiny crossing with three hand-made replications whose figures the aggregate
// and key-metric tests derive their expectations from.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "models/run_layout.hpp"
#include "models/scenario.hpp"
#include "sim/results/replication_result.hpp"

namespace bordersim::unit {

/// A fresh folder made by mkdtemp under /tmp, removed with all it holds when the object goes.
class ScratchDir {
public:
  ScratchDir()
  {
    char pattern[] = "/tmp/bordersim-unit-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir()
  {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  /// Writes `content` byte for byte (parent folders created) and returns the path.
  std::string write(const std::string& name, const std::string& content) const
  {
    const std::string p = file(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

private:
  std::string path_;
};

inline std::string read_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Loads YAML text through the real loader (defaults, schema, validation); throws with every diagnostic
/// when the scenario has errors, so that a test fails with the loader's own words.
inline Scenario scenario_from_yaml(const std::string& yaml)
{
  ScratchDir dir;
  LoadedScenario loaded = load_scenario(dir.write("scenario.yaml", yaml), {});
  if (!loaded.scenario) {
    std::string all;
    for (const auto& d : loaded.diagnostics.all()) all += d.format() + "\n";
    throw std::runtime_error("the test scenario does not load:\n" + all);
  }
  return std::move(*loaded.scenario);
}

/// Counts one wait into a flow's or a stage's tally (`count` is its cohort counter).
template <class Tally> void add_wait(Tally& t, std::uint64_t& count, double wait_s)
{
  ++count;
  t.wait_sum_s += wait_s;
  t.wait_max_s = std::max(t.wait_max_s, wait_s);
  t.wait.add(wait_s);
}

/// The tally of a cohort whose vehicles waited `waits_s` and were then served for `service_s` each.
inline FlowTally flow_with_waits(const std::vector<double>& waits_s, double service_s)
{
  FlowTally t;
  for (double w : waits_s) {
    add_wait(t, t.cohort_done, w);
    t.system_sum_s += w + service_s;
    t.system_max_s = std::max(t.system_max_s, w + service_s);
    t.system_time.add(w + service_s);
  }
  return t;
}

inline StageTally stage_with_waits(const std::vector<double>& waits_s)
{
  StageTally t;
  for (double w : waits_s) add_wait(t, t.cohort_waits, w);
  return t;
}

/// One crossing, one direction, two stages. Classes are the four built-in ones (truck 0, car 1, bus 2,
/// pedestrian 3); only truck and car have demand. Design capacity by hand (always open, shares 1/4 and 3/4):
///  exit:  trucks 2 lanes x 86400 s / 720 s = 240 a day; cars 1 lane x 86400 s / 240 s = 360 a day;
///  entry: 3 lanes x 86400 s over the mean work of a vehicle 0.25 x 1800 + 0.75 x 60 = 495 s = 523.6 a day,
///         of which trucks 1/4 = 130.9 and cars 3/4 = 392.7.
/// So trucks are limited by `entry` (130.9), cars by `exit` (360), and the direction's main bottleneck
/// (that of cars, the largest share) is `exit`.
inline constexpr const char* kTinyCrossingYaml = R"(scenario: tiny
simulation: {horizon: 3d, warmup: 1d, replications: 3}
crossings:
  - id: k
    directions:
      - id: in
        demand: [{class: truck, per_day: 100}, {class: car, per_day: 300}]
        stages:
          - id: exit
            lanes: [{id: trucks, count: 2, serves: [truck]}, {id: cars, count: 1, serves: [car]}]
            service: {truck: {dist: exponential, mean: 12min}, car: {dist: exponential, mean: 4min}}
          - id: entry
            lanes: [{count: 3, serves: [truck, car]}]
            service: {truck: {dist: exponential, mean: 30min}, car: {dist: exponential, mean: 1min}}
)";
inline constexpr double kTinyTruckCapacity = 3 * 86400.0 / 495 / 4;
inline constexpr double kTinyCarCapacity = 86400.0 / 240;

/// Three replications of the tiny crossing (numbered 4, 5, 6), each over a 2-day window (3d - 1d warm-up),
/// so per-day rates are counts / 2. Flows: truck = 0, car = 1 (route 0 x 4 classes). Per replication:
///  truck: arrivals 200/220/180, departures 190/210/170, in system at end 5/7/9, waits {60,120,180,240} /
///         {300,600} / {120,480} s (means 2.5/7.5/5 min), service 600 s (system time = wait + 600);
///  car:   arrivals 600/580/620, departures 590/570/610, diverted out 20/0/40, waits {30} / none / {90};
///  exit (stage 0): served 780/760/800, 3 lanes open all the window, utilisation 0.5/0.6/0.7, no blocking,
///         mean queue 2/4/6 vehicles and 40/80/120 m, max queue 10/30/20 vehicles and 200/600/400 m,
///         waits {60} / {120} / none;
///  entry (stage 1): closed all the window (no open lane time), a mean queue of 99 vehicles.
inline std::vector<ReplicationResult> tiny_results()
{
  constexpr double window = 2 * 86400.0;
  struct Figures {
    std::uint64_t t_arr, t_dep, t_end;
    std::vector<double> t_waits;
    std::uint64_t c_arr, c_dep, c_out;
    std::vector<double> c_waits;
    std::uint64_t s_served;
    double util, queue, queue_m, queue_max, queue_m_max;
    std::vector<double> s_waits;
  };
  const std::vector<Figures> figures{
      {200, 190, 5, {60, 120, 180, 240}, 600, 590, 20, {30}, 780, 0.5, 2, 40, 10, 200, {60}},
      {220, 210, 7, {300, 600}, 580, 570, 0, {}, 760, 0.6, 4, 80, 30, 600, {120}},
      {180, 170, 9, {120, 480}, 620, 610, 40, {90}, 800, 0.7, 6, 120, 20, 400, {}},
  };
  std::vector<ReplicationResult> out;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const Figures& f = figures[i];
    ReplicationResult r;
    r.replication = 4 + static_cast<int>(i);
    r.window_s = window;
    r.flows.resize(4);
    r.flows[0] = flow_with_waits(f.t_waits, 600);
    r.flows[0].arrivals = f.t_arr;
    r.flows[0].departures = f.t_dep;
    r.flows[0].in_system_at_end = f.t_end;
    r.flows[1] = flow_with_waits(f.c_waits, 60);
    r.flows[1].arrivals = f.c_arr;
    r.flows[1].departures = f.c_dep;
    r.flows[1].diverted_out = f.c_out;
    r.stages.resize(2);
    StageTally& exit = r.stages[0];
    exit = stage_with_waits(f.s_waits);
    exit.served = f.s_served;
    exit.open_integral = 3 * window;
    exit.serving_integral = f.util * exit.open_integral;
    exit.queue_integral = f.queue * window;
    exit.queue_m_integral = f.queue_m * window;
    exit.queue_max = f.queue_max;
    exit.queue_m_max = f.queue_m_max;
    r.stages[1].queue_integral = 99 * window;
    out.push_back(std::move(r));
  }
  return out;
}

/// The tiny crossing loaded, laid out, and its three replications.
struct TinyRun {
  Scenario scenario = scenario_from_yaml(kTinyCrossingYaml);
  RunLayout layout{scenario}; // refers to `scenario`: not copyable
  std::vector<ReplicationResult> results = tiny_results();

  TinyRun() = default;
  TinyRun(const TinyRun&) = delete;
  TinyRun& operator=(const TinyRun&) = delete;
};

} // namespace bordersim::unit
