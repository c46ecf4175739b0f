# Builds under AddressSanitizer and UndefinedBehaviorSanitizer, each in a
# build folder of its own (docs/fuzzing.md):
# - KGITOPS_SANITIZE: the plugin and its unit tests (scripts/test-sanitized.sh);
# - KGITOPS_FUZZ: the libFuzzer targets of tests/fuzz instead of the tests,
#   with clang (scripts/fuzz.sh).
option(KGITOPS_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(KGITOPS_FUZZ "Build the libFuzzer targets of tests/fuzz (clang) instead of the tests" OFF)

if(NOT KGITOPS_SANITIZE AND NOT KGITOPS_FUZZ)
  return()
endif()

# Any report stops the program, so that a test fails on it.
set(KGITOPS_SANITIZER_FLAGS
  -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_compile_options(${KGITOPS_SANITIZER_FLAGS})
add_link_options(${KGITOPS_SANITIZER_FLAGS})

if(NOT KGITOPS_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "KGITOPS_FUZZ needs clang: configure with CXX=clang++-14")
endif()
# Coverage feedback for libFuzzer in every object; the fuzz targets link its
# driver (-fsanitize=fuzzer) themselves.
add_compile_options(-fsanitize=fuzzer-no-link)

# clang 14 cannot compile libstdc++ 12's std::expected (see the header).
include(CheckCXXSourceCompiles)
check_cxx_source_compiles("
  #include <expected>
  int main() { std::expected<int, int> value{1}; return *value - 1; }"
  KGITOPS_HAS_STD_EXPECTED)
if(NOT KGITOPS_HAS_STD_EXPECTED)
  add_compile_options(-include ${CMAKE_CURRENT_LIST_DIR}/compat/std_expected.hpp)
endif()
