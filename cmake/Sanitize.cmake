# BORDERSIM_SANITIZE: AddressSanitizer and UBSan on every target, tests and benchmarks included (set before
# the subdirectories are added, so that they all inherit it). Frame pointers keep ASan's stack traces whole.
if(BORDERSIM_SANITIZE)
  set(bordersim_sanitize_flags -fsanitize=address,undefined -fno-omit-frame-pointer)
  add_compile_options(${bordersim_sanitize_flags})
  add_link_options(${bordersim_sanitize_flags})
  # GCC's instrumentation makes -Wmaybe-uninitialized fire falsely (GCC 12 on std::variant moves in
  # distribution.cpp; its manual advises against -Werror with sanitizers). The plain build still checks it.
  target_compile_options(bordersim_warnings INTERFACE $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  message(STATUS "bordersim: AddressSanitizer and UBSan on (BORDERSIM_SANITIZE)")
endif()
