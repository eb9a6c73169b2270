# Every dependency is a Debian package; nothing is vendored.
find_package(PkgConfig REQUIRED)
# Debian ships no CMake module for SimGrid, only simgrid.pc.
pkg_check_modules(SimGrid REQUIRED IMPORTED_TARGET simgrid)
# The SimGrid headers' version ("3.32.0"; simgrid.pc says only "3.32"), for run_info.json without loading SimGrid.
find_file(BORDERSIM_SIMGRID_VERSION_H simgrid/version.h HINTS ${SimGrid_INCLUDEDIR} ${SimGrid_INCLUDE_DIRS} REQUIRED)
file(STRINGS ${BORDERSIM_SIMGRID_VERSION_H} bordersim_simgrid_version_lines REGEX "^#define SIMGRID_VERSION_(MAJOR|MINOR|PATCH) ")
set(bordersim_simgrid_version_parts "")
foreach(part MAJOR MINOR PATCH)
  if(NOT bordersim_simgrid_version_lines MATCHES "SIMGRID_VERSION_${part} +([0-9]+)")
    message(FATAL_ERROR "no SIMGRID_VERSION_${part} in ${BORDERSIM_SIMGRID_VERSION_H}")
  endif()
  list(APPEND bordersim_simgrid_version_parts ${CMAKE_MATCH_1})
endforeach()
string(JOIN "." BORDERSIM_SIMGRID_VERSION ${bordersim_simgrid_version_parts})
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
# `calibrate`'s local optimiser (BOBYQA, Subplex): Debian's libnlopt-cxx-dev, the C++ build of NLopt.
find_package(NLopt REQUIRED CONFIG PATHS /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/cmake/nlopt_cxx NO_DEFAULT_PATH)
