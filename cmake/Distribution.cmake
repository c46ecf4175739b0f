# Release packaging: the `dist` target, and KGITOPS_STATIC_DIST, which links
# every library Debian ships a static archive for into the executable, so the
# archived binary runs on machines without the -dev packages (docs/install.md
# lists what stays a runtime dependency).
option(KGITOPS_STATIC_DIST "Link third-party libraries statically (release archives)" OFF)

# `dist` builds the static binary in its own build folder (scripts/dist.sh
# configures it with KGITOPS_STATIC_DIST=ON) and writes the archive, its
# checksum and the krew manifest to dist/. The folder sits beside this one
# (build -> build-dist-static, scripts/dist.sh's default), at the same depth
# under the source tree, so that ccache (with base_dir set, paths are relative
# to the build folder) serves this build's objects to that one.
set(KGITOPS_DIST_BUILD_DIR ${CMAKE_BINARY_DIR}-dist-static)
add_custom_target(dist
  COMMAND ${CMAKE_SOURCE_DIR}/scripts/dist.sh --build-dir ${KGITOPS_DIST_BUILD_DIR}
          --out-dir ${CMAKE_SOURCE_DIR}/dist
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  USES_TERMINAL
  COMMENT "Building the release archive and krew manifest in dist/")

if(NOT KGITOPS_STATIC_DIST)
  return()
endif()

# Resolves library names (as pkg-config --static lists them) to static
# archives. A library without one stays a plain name, linked dynamically, if
# its -dev package is installed; otherwise it is left out.
function(kgitops_static_archives out_var)
  set(resolved)
  foreach(name IN LISTS ARGN)
    string(MAKE_C_IDENTIFIER "KGITOPS_STATIC_${name}" static_var)
    string(MAKE_C_IDENTIFIER "KGITOPS_SHARED_${name}" shared_var)
    find_library(${static_var} NAMES lib${name}.a)
    if(${static_var})
      list(APPEND resolved ${${static_var}})
      continue()
    endif()
    find_library(${shared_var} NAMES ${name})
    if(${shared_var})
      list(APPEND resolved ${name})
    else()
      message(STATUS "KGITOPS_STATIC_DIST: no lib${name} to link, left out")
    endif()
  endforeach()
  set(${out_var} ${resolved} PARENT_SCOPE)
endfunction()

# Points an imported target at `archive` instead of its shared library, for
# every configuration it was imported with.
function(kgitops_use_archive target archive)
  get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
  set_property(TARGET ${target} PROPERTY IMPORTED_LOCATION ${archive})
  foreach(config IN LISTS configs)
    if(config)
      set_property(TARGET ${target} PROPERTY IMPORTED_LOCATION_${config} ${archive})
      set_property(TARGET ${target} PROPERTY IMPORTED_NO_SONAME_${config} TRUE)
    endif()
  endforeach()
  set_property(TARGET ${target} PROPERTY IMPORTED_NO_SONAME TRUE)
endfunction()

# libgit2 with everything it needs (mbedtls, http_parser, ssh2, pcre2, zlib),
# plus GSSAPI for its Negotiate (Kerberos) HTTP auth, which Debian's libgit2.pc
# leaves out. GSSAPI has no static archive: it stays a runtime dependency.
kgitops_static_archives(libgit2_libs ${LIBGIT2_STATIC_LIBRARIES} gssapi_krb5)
set_property(TARGET PkgConfig::LIBGIT2 PROPERTY INTERFACE_LINK_LIBRARIES ${libgit2_libs})

kgitops_static_archives(yaml_archive yaml-cpp)
kgitops_use_archive(${KGITOPS_YAML_TARGET} ${yaml_archive})

kgitops_static_archives(boost_filesystem_archive boost_filesystem)
kgitops_use_archive(Boost::filesystem ${boost_filesystem_archive})
# The shared variant's config asks callers to import its symbols.
get_target_property(boost_definitions Boost::filesystem INTERFACE_COMPILE_DEFINITIONS)
if(boost_definitions)
  list(REMOVE_ITEM boost_definitions BOOST_FILESYSTEM_DYN_LINK)
  set_property(TARGET Boost::filesystem PROPERTY INTERFACE_COMPILE_DEFINITIONS ${boost_definitions})
endif()

kgitops_static_archives(crypto_archive crypto)
kgitops_use_archive(OpenSSL::Crypto ${crypto_archive})
set_property(TARGET OpenSSL::Crypto APPEND PROPERTY INTERFACE_LINK_LIBRARIES
  ${CMAKE_DL_LIBS} Threads::Threads)
if(TARGET OpenSSL::SSL)
  kgitops_static_archives(ssl_archive ssl)
  kgitops_use_archive(OpenSSL::SSL ${ssl_archive})
endif()

# libcurl: Debian's archive needs libraries Debian ships no static archive of
# (nghttp2, psl, zstd, rtmp, LDAP), so the release links the HTTP-only
# archive scripts/build-static-curl.sh builds (no TLS, compression or other
# protocols: it needs nothing but glibc) from the prefix that script prints.
set(KGITOPS_STATIC_CURL_PREFIX "" CACHE PATH
  "Install prefix of the static HTTP-only libcurl (scripts/build-static-curl.sh prints it)")
if(NOT EXISTS "${KGITOPS_STATIC_CURL_PREFIX}/lib/libcurl.a"
   OR NOT EXISTS "${KGITOPS_STATIC_CURL_PREFIX}/include/curl/curl.h")
  message(FATAL_ERROR "KGITOPS_STATIC_DIST needs KGITOPS_STATIC_CURL_PREFIX, the folder "
    "scripts/build-static-curl.sh prints (scripts/dist.sh passes it); "
    "'${KGITOPS_STATIC_CURL_PREFIX}' holds no static libcurl")
endif()
kgitops_use_archive(CURL::libcurl ${KGITOPS_STATIC_CURL_PREFIX}/lib/libcurl.a)
# Its resolver thread is all it needs beyond libc (its libcurl.pc has no
# private libraries).
set_property(TARGET CURL::libcurl PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)

# The C++ runtime goes in too; glibc (libc, libm, the loader) stays dynamic,
# as every Linux distribution has it. --as-needed keeps a dynamic library out
# of the binary unless a symbol of it is really used.
# -z text makes a text relocation (code of a static archive that was not
# built position-independent, which the loader would have to patch in a
# writable copy of the code) a link error instead of a warning.
string(APPEND CMAKE_EXE_LINKER_FLAGS " -static-libstdc++ -static-libgcc -Wl,--as-needed -Wl,-z,text")
