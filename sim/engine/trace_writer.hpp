// With --trace: one vehicles.csv row per vehicle and stage visited.
#pragma once

#include <string>

#include "models/run_layout.hpp"
#include "sim/engine/model_events.hpp"
#include "sim/output/csv_writer.hpp"

namespace bordersim {

class TraceWriter : public ModelObserver {
public:
  TraceWriter(const RunLayout& layout, int replication, const std::string& part_path);
  void lane_released(const Vehicle& v, int stage, double t_s) override;
  /// Closes the part file; throws when it did not reach the disk in full.
  void finish() { writer_.close(); }

private:
  const RunLayout& layout_;
  int replication_;
  CsvWriter<VehicleRow> writer_;
};

} // namespace bordersim
