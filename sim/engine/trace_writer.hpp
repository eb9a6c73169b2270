// With --trace: one vehicles.csv row per vehicle and stage visited.
#pragma once

#include <string>

#include "sim/engine/checkpoint_model.hpp"
#include "sim/output/csv_writer.hpp"
#include "sim/engine/model_events.hpp"

namespace bordersim {

class TraceWriter : public ModelObserver {
public:
  TraceWriter(const Scenario& scenario, const CheckpointModel& model, int replication, const std::string& part_path);
  void lane_released(const VehicleRecord& v, int stage, double t_s) override;

private:
  const Scenario& scenario_;
  const CheckpointModel& model_;
  int replication_;
  CsvWriter<VehicleRow> writer_;
};

} // namespace bordersim
