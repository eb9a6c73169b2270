// What the SimGrid backend (libbordersim_simgrid.so, simgrid_backend.cpp) offers the clock: a table of plain
// functions. No SimGrid type appears here, so the library can be loaded with dlopen by the commands that
// simulate, and the others never map SimGrid and ns-3 (docs/performance.md, "Start-up").
#pragma once

#include <cstdint>

extern "C" {

/// Bumped whenever the table changes, so that a stale library is refused instead of called wrongly.
inline constexpr std::uint32_t kBordersimSimGridBackendAbi = 1;

/// What a timer calls when it is due: the context and payload given to set_timer.
using BordersimTimerFired = void (*)(void* context, std::uint64_t payload);

struct BordersimSimGridBackend {
  std::uint32_t abi; // kBordersimSimGridBackendAbi of the library
  /// Builds SimGrid's engine once per process (later calls do nothing); consumes --cfg= and --log= from argv.
  /// Throws, or aborts after saying why, as SimGrid does on an option it refuses.
  void (*initialise)(int* argc, char** argv);
  void (*prepare_platform)();
  double (*now_s)();
  /// Calls fire(context, payload) at `date_s`; allocates nothing besides SimGrid's own timer.
  void (*set_timer)(double date_s, BordersimTimerFired fire, void* context, std::uint64_t payload);
  void (*run_until)(double date_s);
  /// "3.32.0": the version of the SimGrid headers the library was built with.
  const char* (*simgrid_version)();
};

/// The library's one exported symbol (looked up once with dlsym).
const BordersimSimGridBackend* bordersim_simgrid_backend();
#define BORDERSIM_SIMGRID_BACKEND_ENTRY "bordersim_simgrid_backend"
}
