#include "sim/engine/clock.hpp"

#include <chrono>

#include "sim/engine/simgrid_loader.hpp"

// SimGrid itself is behind simgrid_backend(): the library that holds it is loaded on first use.
namespace bordersim {
namespace {

struct ProgressWatch {
  ProgressWatcher* watcher = nullptr;
  std::chrono::steady_clock::duration every{};
  std::chrono::steady_clock::time_point next_tell{};
  double told_s = -1;
  std::uint32_t timers_since_look = 0;
};
ProgressWatch g_watch;
// Reading the wall clock after every timer would cost more than the timer; every 1024th costs nothing.
constexpr std::uint32_t kTimersPerLook = 1024;

void look_at_progress()
{
  g_watch.timers_since_look = 0;
  const auto now = std::chrono::steady_clock::now();
  if (now < g_watch.next_tell) return;
  const double now_s = simgrid_backend().now_s();
  if (now_s <= g_watch.told_s) return; // timers without simulated time passing are no progress
  g_watch.next_tell = now + g_watch.every;
  g_watch.told_s = now_s;
  g_watch.watcher->simulated_until(now_s);
}

void fire_timer(void* sink, std::uint64_t payload)
{
  static_cast<TimerHandler*>(sink)->on_timer(payload);
  if (g_watch.watcher && ++g_watch.timers_since_look == kTimersPerLook) look_at_progress();
}
} // namespace

void Clock::initialise(int* argc, char** argv) { simgrid_backend().initialise(argc, argv); }

void Clock::prepare_platform() { simgrid_backend().prepare_platform(); }

double Clock::now_s() { return simgrid_backend().now_s(); }

void Clock::schedule_at(double date_s, TimerHandler* sink, std::uint64_t payload)
{
  simgrid_backend().set_timer(date_s, fire_timer, sink, payload);
}

void Clock::watch_progress(ProgressWatcher* watcher, double every_s)
{
  g_watch = ProgressWatch{};
  g_watch.watcher = watcher;
  g_watch.every = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(every_s));
}

void Clock::run_until(double date_s) { simgrid_backend().run_until(date_s); }

// The headers' version, read by CMake from the same simgrid/version.h the backend is built with: a merge
// writes it into run_info.json without loading SimGrid (tests/unit/sim/engine/test_simgrid_backend.cpp
// checks that the backend says the same).
std::string Clock::simgrid_version() { return BORDERSIM_SIMGRID_VERSION; }

} // namespace bordersim
