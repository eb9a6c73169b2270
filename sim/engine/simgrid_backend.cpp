// Every SimGrid call of bordersim, built as libbordersim_simgrid.so: only the commands that simulate load it
// (sim/engine/simgrid_loader.cpp), so the others skip relocating SimGrid and the ns-3 libraries it needs.
#include "sim/engine/simgrid_backend.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <simgrid/version.h>

#include <memory>
#include <string>

namespace {

std::unique_ptr<simgrid::s4u::Engine> g_engine; // SimGrid allows one engine per process

void initialise(int* argc, char** argv)
{
  if (!g_engine) g_engine = std::make_unique<simgrid::s4u::Engine>(argc, argv);
}

void prepare_platform()
{
  auto* zone = simgrid::s4u::create_full_zone("border");
  zone->create_host("checkpoint", 1.0);
  zone->seal();
}

void set_timer(double date_s, BordersimTimerFired fire, void* context, std::uint64_t payload)
{
  const auto callback = [fire, context, payload] { fire(context, payload); };
  // xbt::Task (SimGrid 3.32) keeps a callback of up to three words inline; a bigger one would be allocated.
  static_assert(sizeof(callback) <= 3 * sizeof(void*));
  simgrid::kernel::timer::Timer::set(date_s, callback);
}

void run_until(double date_s) { g_engine->run_until(date_s); }

const char* simgrid_version()
{
  static const std::string version = std::to_string(SIMGRID_VERSION_MAJOR) + "." + std::to_string(SIMGRID_VERSION_MINOR) + "." +
                                     std::to_string(SIMGRID_VERSION_PATCH);
  return version.c_str();
}

const BordersimSimGridBackend kBackend{
    kBordersimSimGridBackendAbi,
    initialise,
    prepare_platform,
    simgrid::s4u::Engine::get_clock, // SimGrid's own function: reading the clock costs no extra call
    set_timer,
    run_until,
    simgrid_version,
};

} // namespace

extern "C" __attribute__((visibility("default"))) const BordersimSimGridBackend* bordersim_simgrid_backend() { return &kBackend; }
