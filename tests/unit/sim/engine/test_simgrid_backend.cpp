// The SimGrid backend library on its own, loaded from the build folder as the loader would load it.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <vector>

#include "sim/engine/clock.hpp"
#include "sim/engine/simgrid_backend.hpp"

namespace {

const BordersimSimGridBackend& backend()
{
  static const BordersimSimGridBackend* loaded = [] {
    void* library = ::dlopen(BORDERSIM_SIMGRID_BACKEND_PATH, RTLD_NOW | RTLD_LOCAL);
    INFO((library ? "" : ::dlerror()));
    REQUIRE(library != nullptr);
    const auto entry = reinterpret_cast<const BordersimSimGridBackend* (*)()>(::dlsym(library, BORDERSIM_SIMGRID_BACKEND_ENTRY));
    REQUIRE(entry != nullptr);
    return entry();
  }();
  return *loaded;
}

struct Fired {
  double date_s;
  std::uint64_t payload;
};

void record(void* context, std::uint64_t payload)
{
  static_cast<std::vector<Fired>*>(context)->push_back({backend().now_s(), payload});
}

} // namespace

TEST_CASE("The SimGrid backend is the one this build expects, and says the version run_info.json gives", "[simgrid-backend]")
{
  CHECK(backend().abi == kBordersimSimGridBackendAbi);
  // Clock::simgrid_version() is CMake's reading of the headers, so that a merge need not load SimGrid.
  CHECK(std::string(backend().simgrid_version()) == bordersim::Clock::simgrid_version());
}

TEST_CASE("The SimGrid backend fires timers at their dates, in date order, and stops at run_until's date", "[simgrid-backend]")
{
  char program[] = "unit_tests";
  char* argv[] = {program, nullptr};
  int argc = 1;
  backend().initialise(&argc, argv);
  backend().initialise(&argc, argv); // a second call does nothing
  backend().prepare_platform();
  std::vector<Fired> fired;
  for (const auto& [date_s, payload] : std::vector<std::pair<double, std::uint64_t>>{{50, 5}, {10, 1}, {30, 3}, {100, 10}})
    backend().set_timer(date_s, record, &fired, payload);
  backend().run_until(60);
  REQUIRE(fired.size() == 3);
  for (std::size_t i = 0; i < fired.size(); ++i) {
    CHECK(fired[i].payload == 2 * i + 1);
    CHECK(fired[i].date_s == 10.0 * static_cast<double>(fired[i].payload));
  }
  backend().run_until(200);
  REQUIRE(fired.size() == 4);
  CHECK(fired.back().payload == 10);
  CHECK(fired.back().date_s == 100);
}
