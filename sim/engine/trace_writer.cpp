#include "sim/engine/trace_writer.hpp"

#include "models/formats/units.hpp"

namespace bordersim {

TraceWriter::TraceWriter(const RunLayout& layout, int replication, const std::string& part_path)
    : layout_(layout), replication_(replication), writer_(part_path, false)
{
}

void TraceWriter::lane_released(const Vehicle& v, int stage, double t_s)
{
  const auto& info = layout_.stages()[static_cast<std::size_t>(stage)];
  VehicleRow row;
  row.replication = replication_;
  row.vehicle = static_cast<std::int64_t>(v.id);
  row.vehicle_class = layout_.scenario().classes[static_cast<std::size_t>(v.class_index)].id;
  static constexpr const char* kPriority[] = {"out_of_turn", "fast_track", "regular"};
  row.priority = kPriority[v.priority];
  row.crossing = layout_.crossing(info.route).id;
  row.direction = layout_.direction(info.route).id;
  row.stage = info.spec->id;
  row.arrive_h = v.joined_s / kSecondsPerHour;
  row.start_h = v.started_s / kSecondsPerHour;
  row.end_h = v.finished_s / kSecondsPerHour;
  row.leave_h = t_s / kSecondsPerHour;
  writer_.write(row);
}

} // namespace bordersim
