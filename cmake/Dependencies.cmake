# Every dependency is a Debian package; nothing is vendored.
find_package(PkgConfig REQUIRED)
# Debian ships no CMake module for SimGrid, only simgrid.pc.
pkg_check_modules(SimGrid REQUIRED IMPORTED_TARGET simgrid)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
