#include "sim/engine/clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <simgrid/version.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>

#include "sim/engine/event_calendar.hpp"

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

// SimGrid's main loop costs about 2,400 instructions a timer, more than the model's whole event (docs/performance.md).
// So the model's timers wait in its own calendar, and SimGrid holds one timer per window: it fires at the
// earliest pending date, and the window runs every timer due before that date plus the window's length, each at
// its own date (now_s() reads the calendar's date, not SimGrid's). The length changes how often SimGrid's loop
// turns, never what happens or when: tests/system/test_clock_window.cpp runs windows of 1 s and of years.
// A length of 0 is the reference the tests compare against: every timer its own SimGrid timer, as the engine ran
// before the calendar, with ties in whatever order SimGrid's heap gives them.
double g_window_s = 3600;
EventCalendar g_calendar;
double g_now_s = 0;          // the date of the timer running, or where run_until stopped
double g_run_limit_s = 0;    // run_until's date: later timers stay pending
bool g_window_armed = false; // a SimGrid timer is pending for the next window
// Reading the wall clock after every timer would cost more than the timer; every 1024th costs nothing.
constexpr std::uint32_t kTimersPerLook = 1024;

void look_at_progress()
{
  g_watch.timers_since_look = 0;
  const auto now = std::chrono::steady_clock::now();
  if (now < g_watch.next_tell) return;
  const double now_s = g_now_s;
  if (now_s <= g_watch.told_s) return; // timers without simulated time passing are no progress
  g_watch.next_tell = now + g_watch.every;
  g_watch.told_s = now_s;
  g_watch.watcher->simulated_until(now_s);
}
void arm_window();

void run_window()
{
  g_window_armed = false;
  const double window_end_s = simgrid::s4u::Engine::get_clock() + g_window_s;
  while (!g_calendar.empty()) {
    const double date_s = g_calendar.next_date_s();
    if (date_s >= window_end_s || date_s > g_run_limit_s) break;
    const auto [at_s, timer] = g_calendar.take_next();
    g_now_s = at_s;
    timer.sink->on_timer(timer.payload);
    if (g_watch.watcher && ++g_watch.timers_since_look == kTimersPerLook) look_at_progress();
  }
  arm_window();
}

void arm_window()
{
  if (g_window_armed || g_calendar.empty() || g_calendar.next_date_s() > g_run_limit_s) return;
  g_window_armed = true;
  simgrid::kernel::timer::Timer::set(g_calendar.next_date_s(), [] { run_window(); });
}
} // namespace

void Clock::initialise(int* argc, char** argv)
{
  if (!g_engine) g_engine = std::make_unique<simgrid::s4u::Engine>(argc, argv);
}

void Clock::prepare_platform()
{
  // A test hook, not an option: outputs must not depend on it (tests/system/test_clock_window.cpp).
  if (const char* window = std::getenv("BORDERSIM_CLOCK_WINDOW_S")) g_window_s = std::strtod(window, nullptr);
  if (!(g_window_s >= 0)) g_window_s = 3600;
  auto* zone = simgrid::s4u::create_full_zone("border");
  zone->create_host("checkpoint", 1.0);
  zone->seal();
}

double Clock::now_s() { return g_now_s; }

void Clock::schedule_at(double date_s, TimerHandler* sink, std::uint64_t payload)
{
  if (g_window_s > 0) {
    g_calendar.add(date_s, PendingTimer{sink, payload});
    return;
  }
  simgrid::kernel::timer::Timer::set(date_s, [sink, payload] {
    g_now_s = simgrid::s4u::Engine::get_clock();
    sink->on_timer(payload);
    if (g_watch.watcher && ++g_watch.timers_since_look == kTimersPerLook) look_at_progress();
  });
}

void Clock::observe_at(double date_s, TimerHandler* sink, std::uint64_t payload)
{
  if (g_window_s <= 0) return schedule_at(date_s, sink, payload);
  g_calendar.add(date_s, PendingTimer{sink, payload}, EventCalendar::Rank::Observation);
}

void Clock::watch_progress(ProgressWatcher* watcher, double every_s)
{
  g_watch = ProgressWatch{};
  g_watch.watcher = watcher;
  g_watch.every = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(every_s));
}

void Clock::run_until(double date_s)
{
  g_run_limit_s = date_s;
  arm_window();
  g_engine->run_until(date_s);
  g_now_s = std::max(g_now_s, date_s); // as SimGrid's clock: run_until leaves it at the date
}

std::string Clock::simgrid_version()
{
  return std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR) + "." +
         std::to_string(SIMGRID_VERSION_PATCH);
}

} // namespace bordersim
