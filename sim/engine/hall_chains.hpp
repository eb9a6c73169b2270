// People on foot through their passport halls without a timer each: the same model, run in its own small
// calendar. A flow whose stages nothing else touches (one lane group each, serving only it, no breakdowns,
// scheduled changes or waiting zones; no patience, booking, diversion or priority) meets nothing but its own
// halls, so its people need not pass through the network's calendar, where each of them cost three timers among
// hundreds pending. HallChains runs such flows lazily, in one calendar of their own that holds only the halls'
// booths, and catches up before anything reads them: before each time-series sample, the end of the warm-up, the
// horizon and each step of the drain (CheckpointModel::catch_up). Every rule is CheckpointModel's (FIFO, blocking
// after service when the next hall's walkway is full, opening hours and rosters), and every draw comes from the
// same stream in the same order, so outputs are byte-identical to the model person by person
// (tests/system/test_hall_chains.cpp); BORDERSIM_HALLS=individual, a test hook, runs them person by person.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "models/random_stream.hpp"
#include "models/run_layout.hpp"
#include "sim/engine/clock.hpp"
#include "sim/engine/event_calendar.hpp"
#include "sim/engine/model_events.hpp"
#include "sim/engine/record_pool.hpp"

namespace bordersim {

class HallChains : public TimerHandler {
public:
  /// A flow run as a chain: its stages (global indices, in route order) with their streams.
  struct ChainSpec {
    const DemandFlow* flow = nullptr;
    int route = 0;
    RandomStream* arrival_stream = nullptr;
    std::vector<int> stages;
    std::vector<RandomStream*> service_streams; // per stage above
  };
  /// Whether the flow of `demand` on `route` may run as a chain (see the file comment): if so, its stages.
  static bool eligible(const RunLayout& layout, int route, const DemandFlow& demand, std::vector<int>& stages);
  /// Whether runs may use chains at all: not with --trace (it follows vehicles one by one, with their ids), nor
  /// with the test hook BORDERSIM_HALLS=individual.
  static bool enabled(bool tracing);

  /// `observers` is the model's list (it may change, for the drain); it and `layout` must outlive this.
  HallChains(const RunLayout& layout, std::vector<ChainSpec> chains, const std::vector<ModelObserver*>& observers,
             double schedule_end_s);
  /// Whether group `g` belongs to a chain (the model then leaves its hours to this).
  bool owns_group(int g) const;
  /// First arrivals and lane changes, and the catch-up ticks. Call in CheckpointModel::start.
  void start();
  /// Runs every chain event due at or before `until_s`.
  void catch_up(double until_s);
  void drain_until(double end_s);
  /// A catch-up tick: before a sample, or just before the warm-up ends.
  void on_timer(std::uint64_t payload) override;

private:
  enum class EventKind : std::uint64_t { Arrival = 0, ServiceEnd = 1, HoursChange = 2 };
  static std::uint64_t encode(EventKind kind, std::uint64_t index) { return (static_cast<std::uint64_t>(kind) << 56) | index; }
  struct Hall {
    int stage = 0;
    int group = 0;
    std::uint32_t chain = 0;
    int position = 0; // within the route
    const Distribution* service = nullptr;
    RandomStream* stream = nullptr;
    int queue_capacity = 0;
    int available = 0;
    int serving = 0;
    int holding = 0;
    std::deque<std::uint32_t> waiting;          // people in its queue, first come first served
    std::deque<std::uint32_t> blocked_upstream; // people holding a booth upstream, waiting for room here
    int idle_lanes() const
    {
      const int occupied = serving + holding;
      return available > occupied ? available - occupied : 0;
    }
  };
  /// Chains share nothing, so each runs alone in a calendar of its own: a few dozen timers (one per busy booth)
  /// instead of all of them, and its halls, streams and tallies stay in the cache while it catches up.
  struct Chain {
    const DemandFlow* flow;
    int route;
    RandomStream* arrival_stream;
    std::vector<int> halls; // indices into halls_, in route order
    EventCalendar calendar;
  };
  struct Person {
    Vehicle v;
    std::uint32_t chain = 0;
    int step = 0; // index into its chain's halls: where it is, or is blocked to enter
  };

  void run(std::uint64_t payload);
  void arrive(std::uint32_t chain);
  void move_on(std::uint32_t person, int next_step);
  bool can_enter(const Hall& hall) const;
  void enter(std::uint32_t person, int hall);
  void start_service(std::uint32_t person, int hall);
  void finish_service(std::uint32_t person);
  void release_lane(std::uint32_t person, int hall);
  void fill_lanes(int hall);
  void admit_blocked(int hall);
  void change_hours(std::uint32_t hall);
  /// A hall's lane change, now or (past the schedule's end) when the drain comes.
  void schedule_lanes_change(std::uint32_t hall, double at_s);
  int hall_of(const Person& p) const { return chains_[p.chain].halls[static_cast<std::size_t>(p.step)]; }

  const RunLayout& layout_;
  const std::vector<ModelObserver*>& observers_;
  std::vector<Chain> chains_;
  std::vector<Hall> halls_;
  std::vector<int> hall_of_group_; // per group: its hall, or -1
  double now_s_ = 0;
  double schedule_end_s_;
  std::vector<std::pair<double, std::uint32_t>> deferred_; // (date, hall) of lane changes past the schedule's end
  RecordPool<Person> people_{"people inside the passport halls"};
  std::uint64_t next_id_ = 1;
};

} // namespace bordersim
