#include "sim/engine/simgrid_loader.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace bordersim {
namespace detail {

const BordersimSimGridBackend* g_simgrid_backend = nullptr;

namespace {

/// Where the library may be, nearest first: beside the program (the build folder), then where `cmake --install`
/// and the .deb put it relative to the program, so that an unpacked or relocated install finds its own copy.
std::vector<std::filesystem::path> candidate_paths()
{
  std::error_code ec;
  const auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto dir = program.parent_path();
  return {dir / BORDERSIM_SIMGRID_BACKEND_FILE,
          (dir / BORDERSIM_SIMGRID_BACKEND_FROM_BINDIR / BORDERSIM_SIMGRID_BACKEND_FILE).lexically_normal()};
}

} // namespace

const BordersimSimGridBackend& load_simgrid_backend()
{
  const auto candidates = candidate_paths();
  if (candidates.empty())
    throw SimGridUnavailable("cannot load the simulation engine: this program's folder is unknown (/proc/self/exe)");
  std::string looked_in;
  for (const auto& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      looked_in += (looked_in.empty() ? "" : " nor ") + path.parent_path().string();
      continue;
    }
    // Lazy, as for the program's own libraries: binding all of SimGrid's and ns-3's functions now cost the parent
    // 22 million more instructions, while a worker binds only the few it calls first (16 in an M/M/3 run).
    void* library = ::dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (!library) throw SimGridUnavailable(std::string("cannot load the simulation engine: ") + ::dlerror());
    using Entry = const BordersimSimGridBackend* (*)();
    const auto entry = reinterpret_cast<Entry>(::dlsym(library, BORDERSIM_SIMGRID_BACKEND_ENTRY));
    const BordersimSimGridBackend* backend = entry ? entry() : nullptr;
    if (!backend || backend->abi != kBordersimSimGridBackendAbi)
      throw SimGridUnavailable("cannot load the simulation engine: " + path.string() +
                               " is not the library this bordersim was built with");
    g_simgrid_backend = backend; // the library stays loaded until the process ends
    return *backend;
  }
  throw SimGridUnavailable("cannot load the simulation engine: " BORDERSIM_SIMGRID_BACKEND_FILE " is in neither " + looked_in +
                           "; reinstall bordersim");
}

} // namespace detail
} // namespace bordersim
