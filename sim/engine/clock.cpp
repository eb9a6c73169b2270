#include "sim/engine/clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <simgrid/version.h>

#include <chrono>
#include <memory>

namespace bordersim {
namespace {
std::unique_ptr<simgrid::s4u::Engine> g_engine; // SimGrid allows one engine per process

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
  const double now_s = simgrid::s4u::Engine::get_clock();
  if (now_s <= g_watch.told_s) return; // timers without simulated time passing are no progress
  g_watch.next_tell = now + g_watch.every;
  g_watch.told_s = now_s;
  g_watch.watcher->simulated_until(now_s);
}
} // namespace

void Clock::initialise(int* argc, char** argv)
{
  if (!g_engine) g_engine = std::make_unique<simgrid::s4u::Engine>(argc, argv);
}

void Clock::prepare_platform()
{
  auto* zone = simgrid::s4u::create_full_zone("border");
  zone->create_host("checkpoint", 1.0);
  zone->seal();
}

double Clock::now_s() { return simgrid::s4u::Engine::get_clock(); }

void Clock::schedule_at(double date_s, TimerHandler* sink, std::uint64_t payload)
{
  // Two words of capture fit the callback's small buffer: no allocation besides SimGrid's own timer.
  simgrid::kernel::timer::Timer::set(date_s, [sink, payload] {
    sink->on_timer(payload);
    if (g_watch.watcher && ++g_watch.timers_since_look == kTimersPerLook) look_at_progress();
  });
}

void Clock::watch_progress(ProgressWatcher* watcher, double every_s)
{
  g_watch = ProgressWatch{};
  g_watch.watcher = watcher;
  g_watch.every = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(every_s));
}

void Clock::run_until(double date_s) { g_engine->run_until(date_s); }

std::string Clock::simgrid_version()
{
  return std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR) + "." +
         std::to_string(SIMGRID_VERSION_PATCH);
}

} // namespace bordersim
