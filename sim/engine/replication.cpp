#include "sim/engine/replication.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "models/formats/units.hpp"
#include "sim/engine/checkpoint_model.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/statistics.hpp"
#include "sim/engine/timeseries_sampler.hpp"
#include "sim/engine/trace_writer.hpp"

namespace bordersim {
namespace {

/// Tells the parent how far this worker's clock has come: the progress line, and the proof that the worker
/// is not stopped or stuck (the pool kills a worker it does not hear from).
class ProgressReporter : public ProgressWatcher {
public:
  explicit ProgressReporter(int fd) : fd_(fd) { Clock::watch_progress(this, kEvery_s); }
  ~ProgressReporter() override { Clock::watch_progress(nullptr, 0); }
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  void simulated_until(double now_s) override
  {
    // One message is smaller than PIPE_BUF, so it is written whole or not at all; the pipe does not block,
    // and a message dropped while the parent is not reading is replaced by the next one.
    [[maybe_unused]] auto written = ::write(fd_, &now_s, sizeof now_s);
  }

private:
  static constexpr double kEvery_s = 0.25; // about as often as the progress line redraws
  int fd_;
};

/// The drain gives up after a year: a vehicle behind a stage closed for longer is counted at its wait so far.
constexpr double kMaxDrain_s = 365 * kSecondsPerDay;

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
  CheckpointModel model(layout, replication, options.trace);
  StatisticsCollector statistics(layout, options.hour_histograms);
  model.add_observer(&statistics);
  std::unique_ptr<TraceWriter> trace;
  if (options.trace) {
    trace = std::make_unique<TraceWriter>(layout, replication, vehicles_part_path(options.work_dir, replication));
    model.add_observer(trace.get());
  }
  TimeseriesSampler sampler(layout, statistics, replication,
                            options.timeseries ? timeseries_part_path(options.work_dir, replication) : std::string());
  std::unique_ptr<ProgressReporter> progress;
  if (options.progress_fd >= 0) progress = std::make_unique<ProgressReporter>(options.progress_fd);
  statistics.start();
  sampler.start();
  model.start();
  const double horizon_s = scenario.simulation.horizon_s;
  Clock::run_until(horizon_s);
  model.catch_up(horizon_s);
  sampler.finish();
  if (trace) trace->finish();
  ReplicationResult result = statistics.finish(replication, horizon_s);
  for (std::size_t s = 0; s < result.stages.size(); ++s) result.stages[s].queue_batch_means = sampler.queue_batch_means(static_cast<int>(s));
  // The drain: arrivals stop, and the vehicles of the window still inside are followed until they leave, a day at a
  // time, so that the wait including them is each one's whole wait, not a horizon's cut.
  CohortDrain drain(layout, statistics.cohort_in_system());
  if (!drain.drained()) {
    model.observe_only(&drain);
    const double end_s = horizon_s + kMaxDrain_s;
    model.drain_until(end_s);
    double now_s = horizon_s;
    while (!drain.drained() && now_s < end_s) {
      now_s = std::min(now_s + kSecondsPerDay, end_s);
      Clock::run_until(now_s);
      model.catch_up(now_s);
    }
    drain.finish(result, now_s);
  }
  return result;
}

} // namespace bordersim
