#include "sim/engine/timeseries_sampler.hpp"

#include "models/formats/units.hpp"

namespace bordersim {

TimeseriesSampler::TimeseriesSampler(const Scenario& scenario, const CheckpointModel& model,
                                     const StatisticsCollector& statistics, int replication, const std::string& part_path)
    : scenario_(scenario), model_(model), statistics_(statistics), replication_(replication),
      joined_before_(model.stages().size(), 0), released_before_(model.stages().size(), 0), writer_(part_path, false)
{
}

void TimeseriesSampler::start()
{
  const auto& sim = scenario_.simulation;
  if (sim.sample_interval_s <= sim.horizon_s) EventEngine::schedule_at(sim.sample_interval_s, this, 0);
}

void TimeseriesSampler::handle_event(std::uint64_t)
{
  const auto& sim = scenario_.simulation;
  const double now = EventEngine::now_s();
  for (std::size_t s = 0; s < model_.stages().size(); ++s) {
    const auto& info = model_.stages()[s];
    const auto& route = model_.routes()[static_cast<std::size_t>(info.route)];
    const auto& crossing = scenario_.crossings[static_cast<std::size_t>(route.crossing)];
    const StageLiveState& live = statistics_.stage_state(static_cast<int>(s));
    TimeseriesRow row;
    row.scenario = scenario_.name;
    row.replication = replication_;
    row.time_h = now / kSecondsPerHour;
    row.crossing = crossing.id;
    row.direction = crossing.directions[static_cast<std::size_t>(route.direction)].id;
    row.stage = info.spec->id;
    row.queue_len = live.waiting;
    row.queue_km = live.waiting_m / 1000.0;
    row.busy_lanes = live.serving;
    row.blocked_lanes = live.holding;
    row.open_lanes = live.open_lanes;
    row.arrivals = static_cast<std::int64_t>(live.joined_total - joined_before_[s]);
    row.departures = static_cast<std::int64_t>(live.released_total - released_before_[s]);
    joined_before_[s] = live.joined_total;
    released_before_[s] = live.released_total;
    writer_.write(row);
  }
  ++next_sample_;
  // Multiples of the interval, not repeated additions: no drift over long horizons.
  const double next = static_cast<double>(next_sample_) * sim.sample_interval_s;
  if (next <= sim.horizon_s) EventEngine::schedule_at(next, this, 0);
}

} // namespace bordersim
