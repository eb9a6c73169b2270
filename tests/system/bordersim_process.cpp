#include "system/bordersim_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace bordersim::testing {
namespace {

std::string slurp_fd(int fd)
{
  std::string out;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

} // namespace

BordersimProcess::BordersimProcess(const std::vector<std::string>& args, bool own_process_group,
                                   const std::string& standard_output, const std::string& program)
    : own_process_group_(own_process_group)
{
  char out_template[] = "/tmp/bordersim-out-XXXXXX";
  char err_template[] = "/tmp/bordersim-err-XXXXXX";
  out_fd_ = ::mkstemp(out_template);
  err_fd_ = ::mkstemp(err_template);
  out_path_ = out_template;
  err_path_ = err_template;
  std::vector<std::string> argv_storage{program};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    if (own_process_group) ::setpgid(0, 0);
    const int out_fd = standard_output.empty() ? out_fd_ : ::open(standard_output.c_str(), O_WRONLY);
    if (out_fd < 0) ::_exit(127);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd_, STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (own_process_group) ::setpgid(pid_, pid_); // also here: the group must exist before anyone signals it
}

BordersimProcess::~BordersimProcess()
{
  if (finished_) return;
  ::kill(own_process_group_ ? -pid_ : pid_, SIGKILL);
  wait();
}

ProcessResult BordersimProcess::wait(int limit_s)
{
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit_s);
  while (limit_s > 0 && ::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) ::kill(pid_, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (limit_s <= 0) ::waitpid(pid_, &status, 0);
  finished_ = true;
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ::lseek(out_fd_, 0, SEEK_SET);
  ::lseek(err_fd_, 0, SEEK_SET);
  result.out = slurp_fd(out_fd_);
  result.err = slurp_fd(err_fd_);
  ::close(out_fd_);
  ::close(err_fd_);
  ::unlink(out_path_.c_str());
  ::unlink(err_path_.c_str());
  return result;
}

ProcessResult run_bordersim(const std::vector<std::string>& args, int limit_s) { return BordersimProcess(args).wait(limit_s); }

ProcessResult run_bordersim_writing_to(const std::vector<std::string>& args, const std::string& standard_output)
{
  return BordersimProcess(args, false, standard_output).wait(120);
}

ProcessResult run_bordersim_at(const std::string& program, const std::vector<std::string>& args)
{
  return BordersimProcess(args, false, {}, program).wait(120);
}

std::vector<int> child_processes(int pid)
{
  std::vector<int> children;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    if (!std::getline(in, stat)) continue; // it has just ended
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    std::istringstream rest(stat.substr(stat.rfind(')') + 1));
    char state = 0;
    int parent = 0;
    if (rest >> state >> parent && parent == pid) children.push_back(std::stoi(name));
  }
  return children;
}

bool process_alive(int pid)
{
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  std::istringstream rest(stat.substr(stat.rfind(')') + 1));
  char state = 0;
  rest >> state;
  return state != 'Z' && state != 'X'; // a zombie has ended; only its parent has not read its status yet
}

SignalledRun signal_while_workers_run(const std::vector<std::string>& args, int signal, SignalTarget target)
{
  BordersimProcess process(args, true);
  SignalledRun run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60); // a loaded machine starts slowly
  while (run.workers.empty() && std::chrono::steady_clock::now() < deadline && process_alive(process.pid())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    run.workers = child_processes(process.pid());
  }
  if (!run.workers.empty()) {
    const int pid = target == SignalTarget::Group       ? -process.pid()
                    : target == SignalTarget::Bordersim ? process.pid()
                                                        : run.workers.front();
    ::kill(pid, signal);
  }
  run.result = process.wait(120);
  return run;
}

TempDir::TempDir()
{
  char name[] = "/tmp/bordersim-test-XXXXXX";
  if (!::mkdtemp(name)) throw std::runtime_error("mkdtemp failed");
  path_ = name;
}

TempDir::~TempDir()
{
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const
{
  const std::string path = file(name);
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

std::string read_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

namespace {
std::vector<std::vector<std::string>> parse_csv(const std::string& text)
{
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
      ++i;
    } else if (c == '\n') {
      throw std::runtime_error("bare LF in a CSV file: RFC 4180 wants CRLF");
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) throw std::runtime_error("CSV file does not end with CRLF");
  return rows;
}
} // namespace

std::vector<std::string> read_csv_header(const std::string& path)
{
  auto rows = parse_csv(read_text(path));
  return rows.empty() ? std::vector<std::string>{} : rows.front();
}

std::vector<CsvRecord> read_csv(const std::string& path)
{
  auto rows = parse_csv(read_text(path));
  std::vector<CsvRecord> records;
  if (rows.empty()) return records;
  const auto& header = rows.front();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) throw std::runtime_error(path + ": row with the wrong number of fields");
    CsvRecord rec;
    for (std::size_t c = 0; c < header.size(); ++c) rec[header[c]] = rows[r][c];
    records.push_back(std::move(rec));
  }
  return records;
}

double number(const CsvRecord& record, const std::string& column)
{
  auto it = record.find(column);
  if (it == record.end()) throw std::runtime_error("no column " + column);
  if (it->second.empty()) throw std::runtime_error("empty value in column " + column);
  return std::stod(it->second);
}

std::vector<CsvRecord> select(const std::vector<CsvRecord>& records, const std::map<std::string, std::string>& where)
{
  std::vector<CsvRecord> out;
  for (const auto& r : records) {
    bool match = true;
    for (const auto& [k, v] : where) {
      auto it = r.find(k);
      if (it == r.end() || it->second != v) match = false;
    }
    if (match) out.push_back(r);
  }
  return out;
}

const std::string kSmallScenario = R"(scenario: small
simulation: {horizon: 12h, warmup: 1h, replications: 2}
crossings:
  - id: x
    directions:
      - id: in
        demand: [{class: car, per_hour: 20}]
        stages:
          - id: booth
            lanes: [{count: 1, serves: [car]}]
            service: {car: {dist: exponential, mean: 2min}}
)";

// About 5 s of one core per 1000 h at this load (utilisation 0.83).
const std::vector<std::string> kSmallScenarioRunsLong = {"--set", "simulation.horizon=3000h",
                                                         "--set", "crossings.x.directions.in.demand.car.per_hour=3000",
                                                         "--set", "crossings.x.directions.in.stages.booth.lanes.0.count=120"};

std::map<std::string, std::string> snapshot(const std::string& dir)
{
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    files[fs::relative(entry.path(), dir).string()] = entry.is_regular_file() ? read_text(entry.path().string()) : "(folder)";
  return files;
}

std::string source_path(const std::string& relative) { return std::string(BORDERSIM_SOURCE_DIR) + "/" + relative; }

std::vector<std::string> plus(std::vector<std::string> args, const std::vector<std::string>& more)
{
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::size_t parts_done(const std::string& work)
{
  std::size_t n = 0;
  if (!std::filesystem::exists(work)) return 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(work))
    if (e.path().extension() == ".bin") ++n;
  return n;
}

EnvironmentSetTo::EnvironmentSetTo(std::string name, const std::string& value) : name_(std::move(name))
{
  if (const char* earlier = std::getenv(name_.c_str())) earlier_ = earlier;
  ::setenv(name_.c_str(), value.c_str(), 1);
}

EnvironmentSetTo::~EnvironmentSetTo()
{
  if (earlier_) ::setenv(name_.c_str(), earlier_->c_str(), 1);
  else ::unsetenv(name_.c_str());
}

namespace {
/// `path`, made as a folder first (with its parents).
const std::string& made_folder(const std::string& path)
{
  std::filesystem::create_directories(path);
  return path;
}
} // namespace

TmpdirSetTo::TmpdirSetTo(const std::string& path) : tmpdir_("TMPDIR", made_folder(path)) {}

} // namespace bordersim::testing
