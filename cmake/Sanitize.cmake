# BORDERSIM_SANITIZE: AddressSanitizer and UBSan on every target, tests and benchmarks included (set before
# the subdirectories are added, so that they all inherit it). Frame pointers keep ASan's stack traces whole.
if(BORDERSIM_SANITIZE)
  # float-cast-overflow is not part of GCC's "undefined"; no recovery, so that any report fails its test.
  set(bordersim_sanitize_flags -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  add_compile_options(${bordersim_sanitize_flags})
  add_link_options(${bordersim_sanitize_flags})
  message(STATUS "bordersim: AddressSanitizer and UBSan on (BORDERSIM_SANITIZE)")
endif()

# BORDERSIM_FUZZ: libFuzzer programs of tests/fuzz/ (clang only). Everything is built with coverage
# instrumentation and ASan/UBSan; the fuzz programs link libFuzzer's main.
option(BORDERSIM_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)
if(BORDERSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BORDERSIM_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
