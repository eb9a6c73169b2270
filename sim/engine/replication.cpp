#include "sim/engine/replication.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

#include "sim/engine/checkpoint_model.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/statistics.hpp"
#include "sim/engine/timeseries_sampler.hpp"
#include "sim/engine/trace_writer.hpp"

namespace bordersim {
namespace {

/// Reports simulated time to the parent every 1% of the horizon (for the progress line).
class ProgressReporter : public TimerHandler {
public:
  ProgressReporter(int fd, int replication, double horizon_s) : fd_(fd), replication_(replication), step_s_(horizon_s / 100), horizon_s_(horizon_s) {}
  void start() { Clock::schedule_at(step_s_, this, 1); }
  void on_timer(std::uint64_t step) override
  {
    const double message[2] = {static_cast<double>(replication_), Clock::now_s()};
    [[maybe_unused]] auto written = ::write(fd_, message, sizeof message); // atomic: smaller than PIPE_BUF
    if (static_cast<double>(step + 1) * step_s_ < horizon_s_) Clock::schedule_at(static_cast<double>(step + 1) * step_s_, this, step + 1);
  }

private:
  int fd_;
  int replication_;
  double step_s_;
  double horizon_s_;
};

std::string part(const std::string& dir, const char* stem, int replication, const char* ext)
{
  char name[64];
  std::snprintf(name, sizeof name, "%s.%06d.%s", stem, replication, ext);
  return dir + "/" + name;
}

} // namespace

std::string timeseries_part_path(const std::string& work_dir, int replication) { return part(work_dir, "timeseries", replication, "part"); }
std::string vehicles_part_path(const std::string& work_dir, int replication) { return part(work_dir, "vehicles", replication, "part"); }
std::string result_part_path(const std::string& work_dir, int replication) { return part(work_dir, "result", replication, "bin"); }

ReplicationResult simulate_replication(const Scenario& scenario, int replication, const WorkerOptions& options)
{
  Clock::prepare_platform();
  const RunLayout layout(scenario);
  CheckpointModel model(layout, replication);
  StatisticsCollector statistics(layout);
  model.add_observer(&statistics);
  std::unique_ptr<TraceWriter> trace;
  if (options.trace) {
    trace = std::make_unique<TraceWriter>(layout, replication, vehicles_part_path(options.work_dir, replication));
    model.add_observer(trace.get());
  }
  TimeseriesSampler sampler(layout, statistics, replication, timeseries_part_path(options.work_dir, replication));
  std::unique_ptr<ProgressReporter> progress;
  if (options.progress_fd >= 0) {
    progress = std::make_unique<ProgressReporter>(options.progress_fd, replication, scenario.simulation.horizon_s);
    progress->start();
  }
  statistics.start();
  sampler.start();
  model.start();
  Clock::run_until(scenario.simulation.horizon_s);
  return statistics.finish(replication, scenario.simulation.horizon_s);
}

} // namespace bordersim
