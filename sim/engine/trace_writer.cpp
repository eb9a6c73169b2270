#include "sim/engine/trace_writer.hpp"

#include "models/formats/units.hpp"

namespace bordersim {

TraceWriter::TraceWriter(const Scenario& scenario, const CheckpointModel& model, int replication,
                         const std::string& part_path)
    : scenario_(scenario), model_(model), replication_(replication), writer_(part_path, false)
{
}

void TraceWriter::lane_released(const VehicleRecord& v, int stage, double t_s)
{
  const auto& info = model_.stages()[static_cast<std::size_t>(stage)];
  const auto& route = model_.routes()[static_cast<std::size_t>(info.route)];
  const auto& crossing = scenario_.crossings[static_cast<std::size_t>(route.crossing)];
  VehicleRow row;
  row.replication = replication_;
  row.vehicle = static_cast<std::int64_t>(v.id);
  row.vehicle_class = scenario_.classes[static_cast<std::size_t>(v.class_index)].id;
  static constexpr const char* kPriority[] = {"out_of_turn", "fast_track", "regular"};
  row.priority = kPriority[v.priority];
  row.crossing = crossing.id;
  row.direction = crossing.directions[static_cast<std::size_t>(route.direction)].id;
  row.stage = info.spec->id;
  row.arrive_h = v.joined_s / kSecondsPerHour;
  row.start_h = v.started_s / kSecondsPerHour;
  row.end_h = v.finished_s / kSecondsPerHour;
  row.leave_h = t_s / kSecondsPerHour;
  writer_.write(row);
}

} // namespace bordersim
