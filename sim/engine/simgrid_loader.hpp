// Loads the SimGrid backend (libbordersim_simgrid.so) with dlopen, once per process, when the clock first
// needs it. The commands that simulate load it in the parent before the pool forks its workers, which inherit
// it; the others never load it.
#pragma once

#include <stdexcept>

#include "sim/engine/simgrid_backend.hpp"

namespace bordersim {

/// The backend cannot be found or loaded: an installation problem, not the user's input.
struct SimGridUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {
extern const BordersimSimGridBackend* g_simgrid_backend;
const BordersimSimGridBackend& load_simgrid_backend();
} // namespace detail

/// The backend, loaded on the first call. Throws SimGridUnavailable.
inline const BordersimSimGridBackend& simgrid_backend()
{
  // Checked on every clock read: one well-predicted branch.
  return detail::g_simgrid_backend ? *detail::g_simgrid_backend : detail::load_simgrid_backend();
}

} // namespace bordersim
