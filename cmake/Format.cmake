# `format` rewrites every C++ file with clang-format; `check_format` fails on
# any difference and is part of the test suite.
file(GLOB_RECURSE KGITOPS_FORMAT_FILES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/plugin/*.cpp ${CMAKE_SOURCE_DIR}/plugin/*.hpp
  ${CMAKE_SOURCE_DIR}/tests/*.cpp ${CMAKE_SOURCE_DIR}/tests/*.hpp)
find_program(CLANG_FORMAT NAMES clang-format clang-format-14)
if(CLANG_FORMAT)
  add_custom_target(format COMMAND ${CLANG_FORMAT} -i ${KGITOPS_FORMAT_FILES}
    COMMENT "Formatting C++ sources")
  add_custom_target(check_format
    COMMAND ${CLANG_FORMAT} --dry-run --Werror ${KGITOPS_FORMAT_FILES}
    COMMENT "Checking C++ formatting")
endif()
