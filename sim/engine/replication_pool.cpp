#include "sim/engine/replication_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

#include "sim/engine/replication.hpp"

namespace bordersim {
namespace {

int run_worker(const Scenario& scenario, int replication, const WorkerOptions& worker)
{
  try {
    const ReplicationResult result = simulate_replication(scenario, replication, worker);
    result.write(result_part_path(worker.work_dir, replication));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bordersim: replication %d failed: %s\n", replication, e.what());
    return 1;
  }
}

void drain_progress(int fd, ProgressLine& progress)
{
  double message[2];
  while (::read(fd, message, sizeof message) == static_cast<ssize_t>(sizeof message))
    progress.simulated_until(static_cast<int>(message[0]), message[1]);
}

} // namespace

int default_jobs()
{
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

std::vector<ReplicationResult> run_replications(const Scenario& scenario, const PoolOptions& options, const std::string& work_dir)
{
  const int total = scenario.simulation.replications;
  ProgressLine progress(total, scenario.simulation.horizon_s, options.progress);
  int pipe_fds[2] = {-1, -1};
  if (progress.enabled() && ::pipe(pipe_fds) == 0) {
    ::fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  }
  std::map<pid_t, int> running;
  int next = 0;
  std::string failure;
  std::fflush(nullptr); // nothing buffered may be written twice by a child
  while ((next < total && failure.empty()) || !running.empty()) {
    while (next < total && failure.empty() && static_cast<int>(running.size()) < options.jobs) {
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error(std::string("cannot start a worker process: ") + std::strerror(errno));
      if (pid == 0) {
        if (pipe_fds[0] >= 0) ::close(pipe_fds[0]);
        const int code = run_worker(scenario, next, {work_dir, options.trace, pipe_fds[1]});
        std::fflush(nullptr);
        ::_exit(code);
      }
      running[pid] = next++;
    }
    int status = 0;
    pid_t pid = 0;
    if (pipe_fds[0] >= 0) {
      pollfd pfd{pipe_fds[0], POLLIN, 0};
      ::poll(&pfd, 1, 100);
      drain_progress(pipe_fds[0], progress);
      pid = ::waitpid(-1, &status, WNOHANG);
    } else {
      pid = ::waitpid(-1, &status, 0);
    }
    if (pid <= 0) {
      if (pid < 0 && errno != EINTR && errno != ECHILD) throw std::runtime_error("lost track of worker processes");
      continue;
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const int replication = it->second;
    running.erase(it);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      progress.replication_done(replication);
    } else if (failure.empty()) {
      failure = "replication " + std::to_string(replication) +
                (WIFSIGNALED(status) ? " was killed by signal " + std::to_string(WTERMSIG(status)) : " failed");
    }
  }
  if (pipe_fds[0] >= 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
  }
  progress.finish();
  if (!failure.empty()) throw std::runtime_error(failure);
  std::vector<ReplicationResult> results;
  results.reserve(static_cast<std::size_t>(total));
  for (int r = 0; r < total; ++r) results.push_back(ReplicationResult::read(result_part_path(work_dir, r)));
  return results;
}

} // namespace bordersim
