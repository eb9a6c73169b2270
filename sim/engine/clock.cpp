#include "sim/engine/clock.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <simgrid/version.h>

#include <memory>

namespace bordersim {
namespace {
std::unique_ptr<simgrid::s4u::Engine> g_engine; // SimGrid allows one engine per process
}

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
  simgrid::kernel::timer::Timer::set(date_s, [sink, payload] { sink->on_timer(payload); });
}

void Clock::run_until(double date_s) { g_engine->run_until(date_s); }

std::string Clock::simgrid_version()
{
  return std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR) + "." +
         std::to_string(SIMGRID_VERSION_PATCH);
}

} // namespace bordersim
