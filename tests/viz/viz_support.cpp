#include "viz_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "models/formats/json_reader.hpp"
#include "models/formats/units.hpp"

namespace fs = std::filesystem;

namespace bordersim::viztest {

namespace {

std::string slurp(int fd)
{
  std::string out;
  ::lseek(fd, 0, SEEK_SET);
  char buffer[8192];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

bool may_install()
{
  if (::geteuid() == 0) return true;
  return !find_program({"sudo"}).empty() && run_program({"sudo", "-n", "true"}, 10).exit_code == 0;
}

/// Flags from the issue: no sandbox (containers), no GPU, and no background traffic of the browser's own.
std::vector<std::string> chromium_command(const std::string& chromium, const std::string& profile)
{
  return {chromium,
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-quic",
          "--user-data-dir=" + profile,
          // Every host name fails to resolve: a report that needs the network cannot pass.
          "--host-resolver-rules=MAP * ~NOTFOUND",
          "--hide-scrollbars",
          "--virtual-time-budget=10000"};
}

std::string unescape_html(std::string s)
{
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  }
  return s;
}

/// The JSON verdict the page writes into <pre id="selftest"> when opened with #selftest.
std::string selftest_verdict(const std::string& dom)
{
  const auto start = dom.find("<pre id=\"selftest\"");
  if (start == std::string::npos) return {};
  const auto open_end = dom.find('>', start);
  const auto close = dom.find("</pre>", open_end);
  if (open_end == std::string::npos || close == std::string::npos) return {};
  return unescape_html(dom.substr(open_end + 1, close - open_end - 1));
}

} // namespace

Outcome run_program(const std::vector<std::string>& argv, int limit_s)
{
  char out_name[] = "/tmp/viz-test-out-XXXXXX";
  char err_name[] = "/tmp/viz-test-err-XXXXXX";
  const int out_fd = ::mkstemp(out_name);
  const int err_fd = ::mkstemp(err_name);
  ::unlink(out_name);
  ::unlink(err_name);
  std::vector<std::string> storage = argv;
  std::vector<char*> args;
  for (auto& a : storage) args.push_back(a.data());
  args.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0); // its own group: a browser's helper processes end with it
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  Outcome outcome;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit_s);
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      outcome.exit_code = 124;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL); // helpers left behind by the program, if any (only this group)
  outcome.out = slurp(out_fd);
  outcome.err = slurp(err_fd);
  ::close(out_fd);
  ::close(err_fd);
  return outcome;
}

Outcome run_bordersim(const std::vector<std::string>& args)
{
  std::vector<std::string> argv{BORDERSIM_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

std::string find_program(std::initializer_list<const char*> names)
{
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::vector<std::string> folders;
  for (std::string d; std::getline(dirs, d, ':');) folders.push_back(d);
  for (const char* name : names)
    for (const auto& d : folders) {
      const std::string candidate = d + "/" + name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  return {};
}

std::string find_or_install(std::initializer_list<const char*> names, const std::string& package)
{
  std::string found = find_program(names);
  if (!found.empty() || !may_install()) return found;
  const Outcome installed = run_program({std::string(BORDERSIM_SOURCE_DIR) + "/.ci/install-deps", package}, 600);
  if (installed.exit_code != 0) WARN("installing " << package << " failed:\n" << installed.err);
  return find_program(names);
}

ScratchDir::ScratchDir(const std::string& tag)
{
  std::string pattern = "/tmp/bordersim-viz-" + tag + "-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir()
{
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void short_run(const std::string& out_dir, const std::vector<std::string>& extra)
{
  std::vector<std::string> args{"run",
                                std::string(BORDERSIM_SOURCE_DIR) + "/configs/karasu-ak-tilek.yaml",
                                "--set",
                                "simulation.horizon=5d",
                                "--set",
                                "simulation.warmup=1d",
                                "--replications",
                                "2",
                                "--set",
                                "crossings.karasu.directions.kg_to_kz.stages.kz_entry_xray.open=[\"08:00-20:00\"]",
                                "--quiet",
                                "--out",
                                out_dir};
  args.insert(args.end(), extra.begin(), extra.end());
  const Outcome r = run_bordersim(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

void short_sweep(const std::string& out_dir, const std::vector<std::string>& design_args)
{
  std::vector<std::string> args{"sweep", std::string(BORDERSIM_SOURCE_DIR) + "/configs/mmc-example.yaml", "--set", "simulation.horizon=100h",
                                "--set", "simulation.warmup=10h", "--replications", "2", "--quiet", "--out", out_dir};
  args.insert(args.end(), design_args.begin(), design_args.end());
  const Outcome r = run_bordersim(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

void heavy_run(const std::string& out_dir, const std::string& warmup)
{
  const std::string config = out_dir + ".yaml";
  write_file(config, "scenario: heavy\n"
                     "simulation: {horizon: 400h, warmup: " + warmup + ", replications: 10, seed: 2, sample_interval: 10min}\n"
                     "crossings:\n"
                     "  - id: x\n"
                     "    directions:\n"
                     "      - id: in\n"
                     "        demand: [{class: car, per_hour: 54}]\n"
                     "        stages:\n"
                     "          - id: booth\n"
                     "            lanes: [{count: 1, serves: [car]}]\n"
                     "            service: {car: {dist: exponential, mean: 1min}}\n");
  const Outcome r = run_bordersim({"run", config, "--quiet", "--out", out_dir});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

std::vector<std::string> calibration_command(const std::string& out_dir)
{
  // The truth would be 2,400 cars a day at 1.5 min each (utilisation 0.83, a mean wait of about 2 min); the run starts
  // from 1,500 at 0.8 min. A second direction, out, that no target sees.
  const std::string config = out_dir + ".scenario.yaml", targets = out_dir + ".targets.yaml", params = out_dir + ".params.yaml";
  write_file(config, "scenario: synth\n"
                     "simulation: {horizon: 10d, warmup: 1d, replications: 3, seed: 5}\n"
                     "crossings:\n"
                     "  - id: test\n"
                     "    directions:\n"
                     "      - id: in\n"
                     "        demand: [{class: car, per_day: 1500}]\n"
                     "        stages:\n"
                     "          - id: booth\n"
                     "            lanes: [{id: booths, count: 3, serves: [car]}]\n"
                     "            service: {car: {dist: exponential, mean: 0.8min}}\n"
                     "      - id: out\n"
                     "        demand: [{class: car, per_day: 300}]\n"
                     "        stages:\n"
                     "          - id: booth\n"
                     "            lanes: [{id: booths, count: 2, serves: [car]}]\n"
                     "            service: {car: {dist: exponential, mean: 1min}}\n");
  write_file(targets, "targets:\n"
                      "  - {id: served, crossing: test, direction: in, class: car, metric: served_per_day, observed: 2400, uncertainty: 250,\n"
                      "     source: 'counted at the booths', use: fit}\n"
                      "  - {id: util, crossing: test, direction: in, stage: booth, metric: utilization, observed: 0.83, uncertainty: 0.06,\n"
                      "     source: 'booth logs', use: fit}\n"
                      "  - {id: wait, crossing: test, direction: in, class: car, metric: wait_mean_min, observed: {low: 1.5, high: 3},\n"
                      "     uncertainty: 0.3, discrepancy: 0.5, source: 'drivers asked', use: holdout}\n");
  write_file(params, "parameters:\n"
                     "  - {key: crossings.test.directions.in.demand.car.per_day, low: 1200, high: 3600, source: 'the daily counts'}\n"
                     "  - {key: crossings.test.directions.in.stages.booth.service.car.mean, low: 0.5min, high: 2min, scale: log,\n"
                     "     source: 'timed at the booths'}\n"
                     "  - {key: crossings.test.directions.out.stages.booth.service.car.mean, low: 0.5min, high: 1.5min,\n"
                     "     source: 'no target sees it'}\n");
  return {"calibrate", config, "--targets", targets, "--params", params, "--points", "8", "--refine", "6", "--starts", "1", "--quiet",
          "--out", out_dir};
}

void short_calibration(const std::string& out_dir, const std::vector<std::string>& extra)
{
  std::vector<std::string> args = calibration_command(out_dir);
  args.insert(args.end(), extra.begin(), extra.end());
  const Outcome r = run_bordersim(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

void short_comparison(const std::string& out_dir, const std::vector<std::string>& extra)
{
  const std::string base = std::string(BORDERSIM_SOURCE_DIR) + "/configs/karasu-ak-tilek.yaml";
  const std::string variant = out_dir + ".five-windows.yaml";
  write_file(variant, "extends: " + base +
                          "\nscenario: five-windows\n"
                          "crossings:\n  - id: karasu\n    directions:\n      - id: kg_to_kz\n        stages:\n"
                          "          - id: kz_entry_control\n            lanes:\n              - id: windows\n                roster:\n"
                          "                  - {id: day, lanes: 5}\n                  - {id: night, lanes: 5}\n");
  std::vector<std::string> args{"compare", base, variant, "--set", "simulation.horizon=5d", "--set", "simulation.warmup=1d",
                                "--replications", "2", "--quiet", "--out", out_dir};
  args.insert(args.end(), extra.begin(), extra.end());
  const Outcome r = run_bordersim(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

std::vector<std::string> terminal_differences(const std::string& compare_stdout)
{
  std::vector<std::string> keys;
  std::istringstream lines(compare_stdout);
  bool in_table = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("crossing ", 0) == 0) { // the table's header
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.find(" differences are significant") != std::string::npos) break;
    std::istringstream words(line);
    std::string w[5];
    for (auto& x : w) words >> x;
    keys.push_back(w[0] + " " + w[1] + " " + w[2] + " " + w[3] + " " + w[4]);
  }
  return keys;
}

void realism_run(const std::string& out_dir, bool mechanisms)
{
  const auto with = [mechanisms](const std::string& keys) { return mechanisms ? keys : std::string(); };
  const std::string config = out_dir + ".yaml";
  write_file(config,
             "scenario: realism\n"
             "simulation: {horizon: 6d, warmup: 1d, replications: 3, seed: 5, sample_interval: 1h, start_date: \"2025-01-06\"}\n"
             "crossings:\n"
             "  - id: x\n"
             "    name: Crossing X\n"
             "    directions:\n"
             "      - id: in\n"
             "        demand:\n"
             "          - {class: truck, per_hour: 8" +
                 with(", patience: {dist: exponential, mean: 40min}, balk_queue_over: 6,\n"
                      "             booking: {share: 0.5, slots_per_hour: 5, no_show: 0.1, lateness: {dist: uniform, min: 0s, max: 15min}}") +
                 "}\n"
                 "          - {class: car, per_hour: 16" +
                 with(", patience: {dist: uniform, min: 10min, max: 50min}, stay_home: {queue_over: 8, share: 0.4},\n"
                      "             alternatives: [{crossing: y, detour: 1h}], divert_share: 0.5") +
                 "}\n"
                 "        stages:\n"
                 "          - id: post\n" +
                 with("            waiting_zone: {capacity: 4}\n") +
                 "            lanes:\n"
                 "              - id: trucks\n"
                 "                count: 3\n"
                 "                serves: [truck]\n" +
                 with("                staff_cost_usd_per_lane_hour: 25\n"
                      "                roster:\n"
                      "                  - {id: day, days: Mon-Sun, open: [\"07:00-21:00\"], lanes: 3}\n"
                      "                  - {id: night, days: Mon-Sun, open: [\"21:00-24:00\", \"00:00-07:00\"], lanes: 2}\n") +
                 "              - {id: cars, count: 2, serves: [car]" + with(", staff_cost_usd_per_lane_hour: 18") + "}\n" +
                 "            service:\n"
                 "              truck: {dist: exponential, mean: 18min}\n"
                 "              car: {dist: exponential, mean: 6min}\n"
                 "          - id: scanner\n"
                 "            visit_probability: {truck: 0.5, car: 0}\n"
                 "            lanes:\n"
                 "              - {count: 1, serves: [truck]" +
                 with(", failures: {mtbf: 20h, repair: {dist: exponential, mean: 3h}}") + "}\n" +
                 "            service:\n"
                 "              truck: {dist: uniform, min: 3min, max: 8min}\n"
                 "  - id: y\n"
                 "    name: Crossing Y\n"
                 "    directions:\n"
                 "      - id: in\n"
                 "        demand: [{class: car, per_hour: 3}]\n"
                 "        stages:\n"
                 "          - id: booth\n"
                 "            lanes: [{count: 1, serves: [car]}]\n"
                 "            service: {car: {dist: exponential, mean: 5min}}\n");
  const Outcome r = run_bordersim({"run", config, "--quiet", "--out", out_dir});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

double mixed_queue(int direction, int stage, int replication, int sample)
{
  // People queue by the hundred, vehicles by the unit: a sum of the two would show at once.
  return stage == 0 ? 100.0 * (sample + 1) + 10 * replication + 1000 * direction
                    : 1.0 * (stage + sample + replication + direction);
}

void write_mixed_run(const std::string& dir)
{
  fs::create_directories(dir);
  const char* directions[] = {"in", "out"};
  std::string summary =
      "scenario,crossing,direction,class,kind,replications,arrived_per_day,served_per_day,design_capacity_per_day,"
      "wait_mean_min,wait_mean_min_ci95,wait_p50_min,wait_p95_min,wait_max_min,system_time_p95_min,bottleneck_stage\r\n";
  std::string stages = "scenario,crossing,direction,stage,kind,lanes,utilization,utilization_ci95,blocked_share\r\n";
  std::string series =
      "scenario,replication,time_h,crossing,direction,stage,queue_len,queue_km,busy_lanes,blocked_lanes,open_lanes\r\n";
  for (const char* d : directions) {
    summary += std::string("mixed,x,") + d + ",car,vehicle,2,480,470,600,30,5,20,75,120,90,lanes\r\n";
    summary += std::string("mixed,x,") + d + ",truck,vehicle,2,120,110,150,95,12,80,200,260,230,lanes\r\n";
    summary += std::string("mixed,x,") + d + ",pedestrian,person,2,7500,7480,9000,4,1,3,11,25,12,lanes\r\n";
    for (int s = 0; s < 3; ++s)
      stages += std::string("mixed,x,") + d + "," + kMixedStages[s] + "," + (s == 0 ? "person" : "vehicle") + ",4," +
                std::to_string(0.3 + 0.2 * s) + ",0.01,0\r\n";
  }
  for (int r = 0; r < 2; ++r)
    for (int k = 0; k < 4; ++k)
      for (int d = 0; d < 2; ++d)
        for (int s = 0; s < 3; ++s) {
          const double q = mixed_queue(d, s, r, k);
          series += "mixed," + std::to_string(r) + "," + std::to_string(k + 1) + ",x," + directions[d] + "," + kMixedStages[s] +
                    "," + format_number(q, 10) + "," + format_number(q * (s == 0 ? 0.00075 : 0.02), 10) + ",2,0,4\r\n";
        }
  // The border's figures: vehicle counts in the hundreds, people's in the thousands, never summed.
  const std::string network = "scenario,level,crossing,kind,replications,arrived_per_day,served_per_day,served_per_day_ci95,"
                              "wait_hours_per_day,wait_hours_per_day_ci95,wait_cost_usd_per_day,wait_cost_usd_per_day_ci95,"
                              "idle_fuel_l_per_day,idle_fuel_l_per_day_ci95,idle_co2_kg_per_day,idle_co2_kg_per_day_ci95\r\n"
                              "mixed,crossing,x,vehicle,2,1200,1160,40,310,25,7256,181,296,7,787,19\r\n"
                              "mixed,crossing,x,person,2,15000,14960,90,42,6,,,,,,\r\n"
                              "mixed,border,,vehicle,2,1200,1160,40,310,25,7256,181,296,7,787,19\r\n"
                              "mixed,border,,person,2,15000,14960,90,42,6,,,,,,\r\n";
  std::string by_hour =
      "scenario,crossing,direction,class,kind,arrival_hour,measured,wait_mean_min,wait_mean_min_ci95,wait_p95_min\r\n";
  for (const char* d : directions)
    for (const auto& [cls, kind, base] :
         {std::tuple{"car", "vehicle", 20}, std::tuple{"truck", "vehicle", 90}, std::tuple{"pedestrian", "person", 3}})
      for (int h = 0; h < 24; ++h) {
        const bool closed = std::string(kind) == "vehicle" && h < 6; // no one arrives then: empty waits
        by_hour += std::string("mixed,x,") + d + "," + cls + "," + kind + "," + std::to_string(h) + "," +
                   (closed ? "0,,,"
                           : std::to_string(10 + h) + "," + std::to_string(base + h) + ",2," + std::to_string(2 * base + h)) +
                   "\r\n";
      }
  write_file(dir + "/network.csv", network);
  write_file(dir + "/wait_by_hour.csv", by_hour);
  write_file(dir + "/summary.csv", summary);
  write_file(dir + "/stages.csv", stages);
  write_file(dir + "/timeseries.csv", series);
  write_file(dir + "/run_info.json", "{\"scenario\": \"mixed\", \"replications\": 2, \"horizon_h\": 4, \"warmup_h\": 0, "
                                     "\"names\": {\"x\": \"Crossing X\"}}\n");
}

void write_provenance(const std::string& run_dir)
{
  write_file(run_dir + "/provenance.csv",
             "crossing,key_path,value,status,source\r\n"
             "karasu,crossings.karasu.directions.kg_to_kz.demand.truck.per_day,273,sourced,\"21 Nov 2023: 555 vehicles crossed in 24 h, "
             "273 KG→KZ\"\r\n"
             "karasu,crossings.karasu.directions.kg_to_kz.stages.kz_entry_control.lanes.windows.count,3,sourced,\"Of 12 windows only 2–3 "
             "work (zakon.kz, 2026)\"\r\n"
             "karasu,crossings.karasu.directions.kg_to_kz.stages.kg_exit.lanes.truck_booths.count,2,assumption,no lane count found for "
             "Ak-Tilek\r\n"
             "karasu,crossings.karasu.directions.kg_to_kz.stages.kz_xray.visit_probability.truck,0.1,calibrated,\"share sent to the "
             "scanner, fitted\"\r\n");
}

std::string read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text)
{
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string artefact_dir() { return VIZ_TEST_OUTPUT_DIR; }

std::size_t count(const std::string& text, const std::string& what)
{
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

void check_self_contained(const std::string& html)
{
  const std::regex external(R"re((src|href|action|data)\s*=\s*["']?\s*(https?:|//|ftp:)|url\(\s*["']?\s*(https?:|//)|@import)re",
                            std::regex::icase);
  std::smatch m;
  const bool found = std::regex_search(html, m, external);
  INFO("external reference: " << (found ? m.str() : std::string()));
  CHECK_FALSE(found);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK(count(html, "<script") == count(html, "</script>"));
  CHECK(html.find("<script src") == std::string::npos);
}


std::optional<std::string> check_in_browser(const std::string& html, const std::vector<Screenshot>& shots, std::size_t min_charts,
                                            int page_height_px, const std::string& hash_params, bool replay, std::string* dom)
{
  const std::string chromium = find_or_install({"chromium", "chromium-browser", "google-chrome"}, "chromium");
  if (chromium.empty()) {
    WARN("SKIPPED: Chromium is not installed and could not be installed (apt-get install chromium)");
    return std::nullopt;
  }
  ScratchDir profile("chromium");
  auto dump = chromium_command(chromium, profile.path());
  dump.push_back("--dump-dom");
  dump.push_back("file://" + html + "#selftest" + hash_params);
  const Outcome opened = run_program(dump, 90);
  if (opened.exit_code != 0 && opened.out.find("<html") == std::string::npos) {
    WARN("SKIPPED: Chromium could not start (exit " << opened.exit_code << "):\n" << opened.err.substr(0, 2000));
    return std::nullopt;
  }
  const std::string verdict = selftest_verdict(opened.out);
  if (dom) *dom = opened.out;
  INFO("self-test verdict: " << verdict);
  REQUIRE_FALSE(verdict.empty());
  CHECK(verdict.find("\"errors\":[]") != std::string::npos);       // no JavaScript error, nothing blocked
  CHECK(verdict.find("\"resources\":[]") != std::string::npos);    // no request left the page
  CHECK(verdict.find("\"failures\":[]") != std::string::npos);     // every chart drew, labelled, not empty; the slider redraws
  if (replay) CHECK(verdict.find("\"changed\":true") != std::string::npos); // the replay slider changes what is drawn
  CHECK(verdict.find("\"drawn_pixels\":0,") == std::string::npos); // (also in failures; said twice for a clear message)
  CHECK(verdict.find("\"empty\":true") == std::string::npos);      // no chart without a value
  CHECK(verdict.find("\"label_problems\":[\"") == std::string::npos); // nor with a skipped or overlapping label
  CHECK(count(verdict, "\"drawn_pixels\":") >= min_charts);
  CHECK(verdict.find("\"ok\":true") != std::string::npos);

  // Pictures for people: look at them to judge titles, legends, axes and grey printing.
  for (const auto& s : shots) {
    const std::string shot = artefact_dir() + "/" + s.name;
    fs::remove(shot);
    ScratchDir profile2("chromium");
    auto capture = chromium_command(chromium, profile2.path());
    capture.push_back("--window-size=1400," + std::to_string(page_height_px)); // the page, in one picture
    capture.push_back("--screenshot=" + shot);
    capture.push_back("file://" + html + s.hash);
    const Outcome captured = run_program(capture, 90);
    INFO(captured.err.substr(0, 2000));
    CHECK(fs::exists(shot));
    if (fs::exists(shot)) CHECK(fs::file_size(shot) > 20000);
  }
  return verdict;
}

/// The page's data island (`<script type="application/json" id="report-data">`), parsed.
bordersim::JsonValue data_island(const std::string& html)
{
  const std::string open = "id=\"report-data\">";
  const auto start = html.find(open);
  REQUIRE(start != std::string::npos);
  const auto end = html.find("</script>", start);
  return bordersim::parse_json(std::string_view(html).substr(start + open.size(), end - start - open.size()), "report-data");
}

std::string rendered_dom(const std::string& html)
{
  ScratchDir profile("chromium");
  const std::string chromium = find_program({"chromium", "chromium-browser", "google-chrome"});
  const Outcome dom = run_program({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile.path(),
                                   "--virtual-time-budget=5000", "--dump-dom", "file://" + html},
                                  90);
  REQUIRE(dom.exit_code == 0);
  return dom.out;
}

std::vector<std::string> verdict_strings(const std::string& verdict, const std::string& key)
{
  std::vector<std::string> out;
  const bordersim::JsonValue parsed = bordersim::parse_json(verdict, "self-test verdict");
  if (const bordersim::JsonValue* list = parsed.find(key))
    for (const auto& item : list->items) out.push_back(item.text);
  return out;
}

} // namespace bordersim::viztest
