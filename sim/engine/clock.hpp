// The discrete-event core: SimGrid owns the clock and the calendar of pending timers. This facade is the only
// door to SimGrid; the model, statistics and samplers schedule through it.
#pragma once

#include <cstdint>
#include <string>

namespace bordersim {

/// Receives the timers it scheduled. The payload is the receiver's own encoding (kind and index).
class TimerHandler {
public:
  virtual ~TimerHandler() = default;
  virtual void on_timer(std::uint64_t payload) = 0;
};

/// Told how far the simulated clock has come (see Clock::watch_progress).
class ProgressWatcher {
public:
  virtual ~ProgressWatcher() = default;
  virtual void simulated_until(double now_s) = 0;
};

class Clock {
public:
  /// Loads SimGrid (sim/engine/simgrid_loader.hpp) and builds its engine, once per process (later calls do
  /// nothing); consumes --cfg= and --log= from argv. Call before the others.
  static void initialise(int* argc, char** argv);
  /// Creates the minimal platform SimGrid needs before it runs. Call once per process, in the
  /// process that runs the replication (SimGrid's clock cannot be reset, so one replication per process).
  static void prepare_platform();

  static double now_s();
  /// Timer-driven scheduling (no actors): measured the cheapest way to drive SimGrid for queueing,
  /// see tests/bench/ and the README's performance section.
  /// Timers due at the same date run in the order they were scheduled.
  static void schedule_at(double date_s, TimerHandler* sink, std::uint64_t payload);
  /// As schedule_at, for observers: runs after every other timer due at the same date, so that what it reads is
  /// the state once everything that happens at that instant has happened.
  static void observe_at(double date_s, TimerHandler* sink, std::uint64_t payload);
  /// Tells `watcher` the simulated time, between timers, at most once per `every_s` of wall time and only
  /// when the clock moved since it last told. Schedules no timers of its own (they would change how timers
  /// due at the same date are ordered, and so the results). nullptr stops it.
  static void watch_progress(ProgressWatcher* watcher, double every_s);
  /// Runs the calendar until `date_s`; timers after it stay pending.
  static void run_until(double date_s);
  static std::string simgrid_version();
};

} // namespace bordersim
