# Warnings as errors for the project's own code.
add_library(bordersim_warnings INTERFACE)
target_compile_options(bordersim_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion -Werror
  # GCC 12 reports false -Wrestrict positives inside libstdc++'s string concatenation at -O2.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
