// Samples every stage at a fixed interval into timeseries rows (queue, lanes, flows in the interval).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/output/csv_writer.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/statistics.hpp"
#include "sim/results/warmup.hpp"

namespace bordersim {

class TimeseriesSampler : public TimerHandler {
public:
  /// An empty `part_path`: no rows are written (a sweep's), the queue's batch means are still kept.
  TimeseriesSampler(const RunLayout& layout, const StatisticsCollector& statistics, int replication,
                    const std::string& part_path);
  void start();
  void on_timer(std::uint64_t payload) override;
  /// Closes the part file; throws when it did not reach the disk in full.
  void finish()
  {
    if (writer_) writer_->close();
  }
  /// Stage `stage`'s queue in batch means of 5 samples (for MSER-5 over the replications).
  const std::vector<double>& queue_batch_means(int stage) const { return queue_batches_[static_cast<std::size_t>(stage)].means(); }

private:
  const RunLayout& layout_;
  const Scenario& scenario_;
  const StatisticsCollector& statistics_;
  int replication_;
  std::uint64_t next_sample_ = 1;
  std::vector<std::uint64_t> joined_before_;
  std::vector<std::uint64_t> released_before_;
  std::vector<BatchMeans> queue_batches_; // per stage, the queue's batches for MSER-5
  std::optional<CsvWriter<TimeseriesRow>> writer_;
};

} // namespace bordersim
