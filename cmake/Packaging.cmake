# The .deb: `cpack -G DEB` (or `cmake --build . --target package`) in the build folder packages what the
# install() rules put in place, under /usr.
set(CPACK_GENERATOR DEB)
# Values reach CPackConfig.cmake as written (no second round of escaping).
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_NAME bordersim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "bordersim")
set(BORDERSIM_PACKAGE_MAINTAINER "bordersim maintainers <bordersim@example.org>"
    CACHE STRING "Maintainer field of the .deb (Name <email>)")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${BORDERSIM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "discrete-event simulator of road border crossings")
# The long description under the summary; CPack indents it and marks the empty line as Debian wants.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "bordersim estimates how long trucks, cars, buses and pedestrians wait
at road border checkpoints, and what a reconstruction (more lanes, booths,
scanners, longer opening hours) buys. Crossings are described in YAML scenario
files; results are CSV files, a self-contained HTML report and a workbook.

The Kazakhstan-Kyrgyzstan network scenarios are in /usr/share/bordersim/configs.")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends from the libraries the binary links (dpkg-shlibdeps, from dpkg-dev; CPack also needs `file`).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# A source tarball, should anyone run package_source: without build folders.
set(CPACK_SOURCE_GENERATOR TXZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build[^/]*/" "/results/")
include(CPack)
