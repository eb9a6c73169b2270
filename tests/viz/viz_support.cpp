#include "viz_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "viz/csv_reader.hpp"

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

std::string number_text(double x)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
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
                                "crossings.karasu.directions.kg_to_kz.stages.kz_xray.open=[\"08:00-20:00\"]",
                                "--quiet",
                                "--out",
                                out_dir};
  args.insert(args.end(), extra.begin(), extra.end());
  const Outcome r = run_bordersim(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

void make_comparison(const std::string& folder, const std::vector<std::string>& run_dirs)
{
  struct Row {
    std::string crossing, direction, cls, metric, unit, scenario;
    std::optional<double> value, ci;
  };
  std::vector<Row> rows;
  for (const auto& dir : run_dirs) {
    const auto summary = viz::read_csv_table(dir + "/summary.csv");
    const auto stages = viz::read_csv_table(dir + "/stages.csv");
    const std::string scenario = summary.cell(0, "scenario");
    fs::copy(dir, folder + "/" + scenario, fs::copy_options::recursive);
    for (std::size_t r = 0; r < summary.rows.size(); ++r) {
      const auto add = [&](const char* metric, const char* unit, const char* ci) {
        rows.push_back({summary.cell(r, "crossing"), summary.cell(r, "direction"), summary.cell(r, "class"), metric, unit, scenario,
                        summary.number(r, metric), ci ? summary.number(r, ci) : std::nullopt});
      };
      add("served_per_day", "vehicles/day", nullptr);
      add("wait_mean_min", "min", "wait_mean_min_ci95");
      add("wait_p95_min", "min", nullptr);
      add("system_time_p95_min", "min", nullptr);
    }
    // Direction-level metrics from each direction's busiest stage.
    std::map<std::string, std::size_t> busiest;
    for (std::size_t r = 0; r < stages.rows.size(); ++r) {
      const std::string key = stages.cell(r, "crossing") + "," + stages.cell(r, "direction");
      if (!busiest.contains(key) || stages.number(r, "utilization") > stages.number(busiest[key], "utilization")) busiest[key] = r;
    }
    for (const auto& [key, r] : busiest) {
      const auto add = [&](const char* metric, const char* column, const char* unit, const char* ci) {
        rows.push_back({stages.cell(r, "crossing"), stages.cell(r, "direction"), "", metric, unit, scenario, stages.number(r, column),
                        ci ? stages.number(r, ci) : std::nullopt});
      };
      add("queue_mean", "queue_mean", "vehicles", "queue_mean_ci95");
      add("queue_max_km", "queue_max_km", "km", nullptr);
      add("bottleneck_utilization", "utilization", "share", "utilization_ci95");
    }
  }
  std::string csv = "crossing,direction,class,metric,unit,scenario,value,value_ci95,difference,difference_ci95,significant\r\n";
  const std::size_t per_run = rows.size() / run_dirs.size();
  for (std::size_t i = 0; i < per_run; ++i) {
    const Row& ref = rows[i];
    for (std::size_t s = 0; s < run_dirs.size(); ++s) {
      const Row& r = rows[s * per_run + i];
      csv += r.crossing + "," + r.direction + "," + r.cls + "," + r.metric + "," + r.unit + "," + r.scenario + ",";
      csv += (r.value ? number_text(*r.value) : "") + "," + (r.ci ? number_text(*r.ci) : "") + ",";
      if (s == 0 || !r.value || !ref.value) {
        csv += ",,\r\n";
        continue;
      }
      const double diff = *r.value - *ref.value;
      csv += number_text(diff) + ",";
      if (r.ci && ref.ci) {
        const double half = std::sqrt(*r.ci * *r.ci + *ref.ci * *ref.ci);
        csv += number_text(half) + "," + (std::abs(diff) > half ? "yes" : "no") + "\r\n";
      } else {
        csv += ",no\r\n";
      }
    }
  }
  write_file(folder + "/comparison.csv", csv);
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

} // namespace bordersim::viztest
