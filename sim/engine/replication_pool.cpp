#include "sim/engine/replication_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "models/formats/units.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/replication.hpp"

namespace bordersim {
namespace {

using WallClock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_interrupt_signal = 0;

extern "C" void record_interrupt(int signal)
{
  if (g_interrupt_signal == 0) g_interrupt_signal = signal;
}

constexpr int kInterruptSignals[] = {SIGINT, SIGTERM, SIGHUP};

sigset_t interrupt_set()
{
  sigset_t set;
  ::sigemptyset(&set);
  for (const int s : kInterruptSignals) ::sigaddset(&set, s);
  return set;
}

int run_worker(const ReplicationTask& task, const WorkerOptions& worker)
{
  try {
    const ReplicationResult result = simulate_replication(*task.scenario, task.replication, worker);
    // Written aside and renamed: a worker killed half-way leaves no file that looks like a result, so a resumed
    // sweep reruns exactly the tasks that did not finish. The aside name is the worker's own: two shards given the
    // same task (a Slurm task resubmitted as 1/1) write the same bytes, and neither may rename the other's half-file.
    const std::string path = result_part_path(worker.work_dir, task.replication);
    const std::string aside = path + ".partial-" + std::to_string(::getpid());
    result.write(aside);
    if (std::rename(aside.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: %s failed: %s\n", task.label.c_str(), e.what());
  } catch (...) {
    // Nothing may unwind past here: the parent's frames above would kill the sibling workers.
    std::fprintf(stderr, "bordersim: %s failed\n", task.label.c_str());
  }
  return 1;
}

struct Worker {
  pid_t pid = -1;
  int task = -1;
  int progress_fd = -1; // read end of this worker's own pipe: its progress, and end of file when it exits
  WallClock::time_point last_heard{};
};

/// The running workers. Whatever way run_replications leaves, the ones still running are killed and reaped,
/// and the signal mask is given back.
class Workers {
public:
  explicit Workers(const sigset_t& mask_before) : mask_before_(mask_before) {}
  ~Workers()
  {
    kill_all();
    ::sigprocmask(SIG_SETMASK, &mask_before_, nullptr);
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  std::vector<Worker>& running() { return running_; }
  bool empty() const { return running_.empty(); }
  int count() const { return static_cast<int>(running_.size()); }
  void add(const Worker& w) { running_.push_back(w); }

  /// Forgets worker `i` after it ended; its exit status.
  int reap(std::size_t i)
  {
    int status = 0;
    while (::waitpid(running_[i].pid, &status, 0) < 0 && errno == EINTR) {
    }
    ::close(running_[i].progress_fd);
    running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
    return status;
  }

  void kill_all()
  {
    for (const auto& w : running_) ::kill(w.pid, SIGKILL); // also ends a stopped worker
    while (!running_.empty()) reap(running_.size() - 1);
  }

private:
  std::vector<Worker> running_;
  sigset_t mask_before_;
};

/// In a fresh worker process: die with the parent, leave signals to the parent.
void become_worker(pid_t parent, const sigset_t& mask_before, const std::vector<Worker>& siblings)
{
  // SIGKILL as soon as the parent dies, even by kill -9; if it died before this line, stop now.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);
  // A Ctrl-C reaches the whole process group: the parent decides, and kills its workers.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGHUP, SIG_IGN);
  std::signal(SIGTERM, SIG_DFL);
  ::sigprocmask(SIG_SETMASK, &mask_before, nullptr);
  for (const auto& s : siblings) ::close(s.progress_fd);
}

/// Reads what worker `w` reported; false once it closed its end (it exited).
bool read_progress(Worker& w, ProgressLine& progress)
{
  double reached_s[64];
  for (;;) {
    const ssize_t n = ::read(w.progress_fd, reached_s, sizeof reached_s);
    if (n > 0) {
      w.last_heard = WallClock::now();
      progress.simulated_until(w.task, reached_s[static_cast<std::size_t>(n) / sizeof(double) - 1]);
      continue;
    }
    if (n == 0) return false;
    return errno == EINTR || errno == EAGAIN; // nothing more for now
  }
}

/// Loads SimGrid in this process, the parent, unless main did for its --cfg= options: every worker forked
/// after inherits it loaded and relocated, and none pays for it again.
void load_simgrid_before_forking()
{
  static char program[] = "bordersim";
  char* argv[] = {program, nullptr};
  int argc = 1;
  Clock::initialise(&argc, argv); // does nothing the second time
  install_interrupt_handlers();   // SimGrid's engine puts its own SIGINT handler in place of ours
}

std::string failure_of(const std::string& label, int status)
{
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return label + (WIFSIGNALED(status) ? " was killed by signal " + std::to_string(WTERMSIG(status)) : " failed");
}

} // namespace

void install_interrupt_handlers()
{
  struct sigaction action {};
  action.sa_handler = record_interrupt;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART; // reads and writes carry on; ppoll returns at once (it is never restarted)
  for (const int s : kInterruptSignals) ::sigaction(s, &action, nullptr);
}

int interrupt_signal() { return g_interrupt_signal; }

void throw_if_interrupted()
{
  if (const int signal = interrupt_signal()) throw Interrupted{signal};
}

int default_jobs()
{
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

std::vector<ReplicationResult> run_tasks(const std::vector<ReplicationTask>& tasks, const PoolOptions& options)
{
  throw_if_interrupted();
  if (!tasks.empty()) load_simgrid_before_forking();
  const int total = static_cast<int>(tasks.size());
  const auto timeout = std::chrono::duration_cast<WallClock::duration>(std::chrono::duration<double>(options.worker_timeout_s));
  std::vector<double> horizons_s;
  std::vector<int> scenario_of_task; // tasks of one scenario share it
  for (const auto& t : tasks) {
    horizons_s.push_back(t.scenario->simulation.horizon_s);
    const bool same = !scenario_of_task.empty() && tasks[scenario_of_task.size() - 1].scenario == t.scenario;
    scenario_of_task.push_back(scenario_of_task.empty() ? 0 : scenario_of_task.back() + (same ? 0 : 1));
  }
  ProgressLine progress(std::move(horizons_s), std::move(scenario_of_task), options.scenarios_word, options.progress);
  // The interrupt signals are blocked except inside ppoll below, so that none slips in between the check
  // of the flag and the wait.
  const sigset_t interrupts = interrupt_set();
  sigset_t mask_before;
  ::sigprocmask(SIG_BLOCK, &interrupts, &mask_before);
  Workers workers(mask_before);
  const pid_t parent = ::getpid();
  int next = 0;
  std::string failure;
  auto last_look = WallClock::now();
  std::fflush(nullptr); // nothing buffered may be written twice by a child
  while (next < total || !workers.empty()) {
    while (next < total && workers.count() < options.jobs) {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
      const pid_t pid = ::fork();
      if (pid < 0) {
        const int error = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw std::runtime_error(std::string("cannot start a worker process: ") + std::strerror(error));
      }
      const ReplicationTask& task = tasks[static_cast<std::size_t>(next)];
      if (pid == 0) {
        become_worker(parent, mask_before, workers.running());
        ::close(fds[0]);
        ::fcntl(fds[1], F_SETFL, O_NONBLOCK);
        const int code = run_worker(task, {task.work_dir, options.trace, fds[1], options.hour_histograms, options.timeseries});
        std::fflush(nullptr);
        ::_exit(code);
      }
      ::close(fds[1]);
      ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
      workers.add({pid, next++, fds[0], WallClock::now()});
    }

    std::vector<pollfd> watched;
    for (const auto& w : workers.running()) watched.push_back({w.progress_fd, POLLIN, 0});
    const timespec wait_at_most{0, 250'000'000};
    ::ppoll(watched.data(), watched.size(), &wait_at_most, &mask_before);
    if (const int signal = interrupt_signal()) {
      workers.kill_all();
      progress.finish();
      throw Interrupted{signal};
    }

    const auto now = WallClock::now();
    // Back from a stop of the whole process group (Ctrl-Z, then fg): the workers were stopped too.
    const bool parent_was_away = now - last_look > std::chrono::seconds(5);
    last_look = now;
    auto& running = workers.running();
    for (std::size_t i = running.size(); i-- > 0;) {
      Worker& w = running[i];
      if (parent_was_away) w.last_heard = now;
      if (!read_progress(w, progress)) {
        const int task = w.task;
        const std::string failed = failure_of(tasks[static_cast<std::size_t>(task)].label, workers.reap(i));
        if (failed.empty()) progress.task_done(task);
        else if (failure.empty()) failure = failed;
      } else if (now - w.last_heard > timeout && failure.empty()) {
        failure = tasks[static_cast<std::size_t>(w.task)].label + " made no progress for " + format_duration(options.worker_timeout_s) +
                  " (stopped or stuck): killed it";
      }
    }
    if (!failure.empty()) {
      workers.kill_all(); // the run has failed: the other replications would be thrown away
      break;
    }
  }
  progress.finish();
  if (!failure.empty()) throw std::runtime_error(failure);
  std::vector<ReplicationResult> results;
  results.reserve(tasks.size());
  for (const auto& t : tasks) results.push_back(ReplicationResult::read(result_part_path(t.work_dir, t.replication)));
  return results;
}

std::vector<ReplicationResult> run_replications(const Scenario& scenario, const PoolOptions& options, const std::string& work_dir)
{
  std::vector<ReplicationTask> tasks;
  for (int r = 0; r < scenario.simulation.replications; ++r) tasks.push_back({&scenario, r, work_dir, "replication " + std::to_string(r)});
  return run_tasks(tasks, options);
}

} // namespace bordersim
