# Every third-party library as a CMake target, all from Debian's packages
# (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(doctest REQUIRED)

# yaml-cpp 0.7's config exports a plain library name; give it one target name.
if(TARGET yaml-cpp::yaml-cpp)
  set(KGITOPS_YAML_TARGET yaml-cpp::yaml-cpp)
else()
  set(KGITOPS_YAML_TARGET yaml-cpp)
endif()
