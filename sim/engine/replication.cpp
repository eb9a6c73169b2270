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
class ProgressReporter : public EventSink {
public:
  ProgressReporter(int fd, int replication, double horizon_s) : fd_(fd), replication_(replication), step_s_(horizon_s / 100), horizon_s_(horizon_s) {}
  void start() { EventEngine::schedule_at(step_s_, this, 1); }
  void handle_event(std::uint64_t step) override
  {
    const double message[2] = {static_cast<double>(replication_), EventEngine::now_s()};
    [[maybe_unused]] auto written = ::write(fd_, message, sizeof message); // atomic: smaller than PIPE_BUF
    if (static_cast<double>(step + 1) * step_s_ < horizon_s_) EventEngine::schedule_at(static_cast<double>(step + 1) * step_s_, this, step + 1);
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

ReplicationResult run_replication(const Scenario& scenario, int replication, const ReplicationOptions& options)
{
  EventEngine::prepare_platform();
  CheckpointModel model(scenario, replication);
  StatisticsCollector statistics(scenario, model);
  model.add_observer(&statistics);
  std::unique_ptr<TraceWriter> trace;
  if (options.trace) {
    trace = std::make_unique<TraceWriter>(scenario, model, replication, vehicles_part_path(options.work_dir, replication));
    model.add_observer(trace.get());
  }
  TimeseriesSampler sampler(scenario, model, statistics, replication, timeseries_part_path(options.work_dir, replication));
  std::unique_ptr<ProgressReporter> progress;
  if (options.progress_fd >= 0) {
    progress = std::make_unique<ProgressReporter>(options.progress_fd, replication, scenario.simulation.horizon_s);
    progress->start();
  }
  statistics.start();
  sampler.start();
  model.start();
  EventEngine::run_until(scenario.simulation.horizon_s);
  return statistics.finish(replication, scenario.simulation.horizon_s);
}

} // namespace bordersim
