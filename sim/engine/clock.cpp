#include "sim/engine/clock.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "models/formats/units.hpp"
#include "sim/engine/event_calendar.hpp"
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

void run_timer(TimerHandler* sink, std::uint64_t payload)
{
  sink->on_timer(payload);
  if (g_watch.watcher && ++g_watch.timers_since_look == kTimersPerLook) look_at_progress();
}

/// The reference (window 0): one SimGrid timer per model timer.
void fire_timer(void* sink, std::uint64_t payload)
{
  g_now_s = simgrid_backend().now_s();
  run_timer(static_cast<TimerHandler*>(sink), payload);
}

void arm_window();

void run_window(void*, std::uint64_t)
{
  g_window_armed = false;
  const double fired_s = simgrid_backend().now_s(); // the earliest pending date
  const double window_end_s = fired_s + g_window_s;
  while (!g_calendar.empty()) {
    const double date_s = g_calendar.next_date_s();
    // What is due when SimGrid fired always runs: a window too short to add to the date must not stall the run.
    if ((date_s >= window_end_s && date_s > fired_s) || date_s > g_run_limit_s) break;
    const auto [at_s, timer] = g_calendar.take_next();
    g_now_s = at_s;
    run_timer(timer.sink, timer.payload);
  }
  arm_window();
}

void arm_window()
{
  if (g_window_armed || g_calendar.empty() || g_calendar.next_date_s() > g_run_limit_s) return;
  g_window_armed = true;
  simgrid_backend().set_timer(g_calendar.next_date_s(), run_window, nullptr, 0);
}

void schedule(double date_s, TimerHandler* sink, std::uint64_t payload, EventCalendar::Rank rank)
{
  if (g_window_s > 0)
    g_calendar.add(date_s, PendingTimer{sink, payload}, rank);
  else // the reference: SimGrid's heap orders same-date timers, whatever their rank
    simgrid_backend().set_timer(date_s, fire_timer, sink, payload);
}
} // namespace

void Clock::initialise(int* argc, char** argv) { simgrid_backend().initialise(argc, argv); }

void Clock::prepare_platform()
{
  // A test hook, not an option: outputs must not depend on it (tests/system/test_clock_window.cpp).
  // Anything but a number >= 0 leaves the default.
  if (const char* window = std::getenv("BORDERSIM_CLOCK_WINDOW_S"))
    if (const auto seconds = parse_number_exact(window); seconds && *seconds >= 0) g_window_s = *seconds;
  simgrid_backend().prepare_platform();
}

double Clock::now_s() { return g_now_s; }

void Clock::schedule_at(double date_s, TimerHandler* sink, std::uint64_t payload)
{
  schedule(date_s, sink, payload, EventCalendar::Rank::Event);
}

void Clock::observe_at(double date_s, TimerHandler* sink, std::uint64_t payload)
{
  schedule(date_s, sink, payload, EventCalendar::Rank::Observation);
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
  simgrid_backend().run_until(date_s);
  g_now_s = std::max(g_now_s, date_s); // as SimGrid's clock: run_until leaves it at the date
}

// The headers' version, read by CMake from the same simgrid/version.h the backend is built with: a merge
// writes it into run_info.json without loading SimGrid (tests/unit/sim/engine/test_simgrid_backend.cpp
// checks that the backend says the same).
std::string Clock::simgrid_version() { return BORDERSIM_SIMGRID_VERSION; }

} // namespace bordersim
