#include "sim/engine/timeseries_sampler.hpp"

#include "models/formats/units.hpp"

namespace bordersim {

TimeseriesSampler::TimeseriesSampler(const RunLayout& layout, const StatisticsCollector& statistics, int replication,
                                     const std::string& part_path)
    : layout_(layout), scenario_(layout.scenario()), statistics_(statistics), replication_(replication),
      joined_before_(layout.stages().size(), 0), released_before_(layout.stages().size(), 0),
      queue_batches_(layout.stages().size())
{
  if (!part_path.empty()) writer_.emplace(part_path, false);
}

void TimeseriesSampler::start()
{
  const auto& sim = scenario_.simulation;
  if (sim.sample_interval_s <= sim.horizon_s) Clock::observe_at(sim.sample_interval_s, this, 0);
}

void TimeseriesSampler::on_timer(std::uint64_t)
{
  const auto& sim = scenario_.simulation;
  const double now = Clock::now_s();
  for (std::size_t s = 0; s < layout_.stages().size(); ++s) {
    const StageLiveState& live = statistics_.stage_state(static_cast<int>(s));
    queue_batches_[s].add(static_cast<double>(live.waiting));
    if (!writer_) continue;
    const auto& info = layout_.stages()[s];
    TimeseriesRow row;
    row.scenario = scenario_.name;
    row.replication = replication_;
    row.time_h = now / kSecondsPerHour;
    row.crossing = layout_.crossing(info.route).id;
    row.direction = layout_.direction(info.route).id;
    row.stage = info.spec->id;
    row.queue_len = live.waiting;
    row.queue_km = live.waiting_m / 1000.0;
    row.road_queue_km = live.on_road_m / 1000.0;
    row.busy_lanes = live.serving;
    row.blocked_lanes = live.holding;
    row.open_lanes = live.open_lanes;
    row.arrivals = static_cast<std::int64_t>(live.joined_total - joined_before_[s]);
    row.departures = static_cast<std::int64_t>(live.released_total - released_before_[s]);
    joined_before_[s] = live.joined_total;
    released_before_[s] = live.released_total;
    writer_->write(row);
  }
  ++next_sample_;
  // Multiples of the interval, not repeated additions: no drift over long horizons.
  const double next = static_cast<double>(next_sample_) * sim.sample_interval_s;
  if (next <= sim.horizon_s) Clock::observe_at(next, this, 0);
}

} // namespace bordersim
