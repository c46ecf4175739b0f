# Warnings and settings shared by every target of the project.
# Declared before its use below: the first configure of a build folder must
# already see it, or that build has no -Werror and the next configure
# rebuilds everything.
option(KGITOPS_WERROR "Treat warnings as errors" ON)
add_library(kgitops_standard_settings INTERFACE)
target_compile_options(kgitops_standard_settings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  $<$<BOOL:${KGITOPS_WERROR}>:-Werror>)
# Boost.Process v1 pulls in Boost.Asio; keep its deprecated-header noise out.
target_compile_definitions(kgitops_standard_settings INTERFACE
  BOOST_ALLOW_DEPRECATED_HEADERS BOOST_BIND_GLOBAL_PLACEHOLDERS)

# Reuse object files across build folders and clean builds when ccache exists.
# With the source folder as ccache's base_dir, paths in the cache key are
# relative, so the release build (build-dist-static beside build) is served
# the normal build's objects on any machine. -g puts the build folder in the
# key unless hash_dir is off; the debug info then names the first folder that
# compiled the object, which nothing reads.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
                                  CCACHE_NOHASHDIR=1 ${CCACHE_PROGRAM})
endif()
