# Embeds text files in a generated header as std::string_view constants, so
# the binary carries them (the shell completion scripts) instead of reading
# them from an installed path.
#
# Included: defines kgitops_embed_files(). Run with `cmake -P`: writes the
# header (OUTPUT, and INPUTS as "name=path|name=path").

if(CMAKE_SCRIPT_MODE_FILE)
  string(REPLACE "|" ";" inputs "${INPUTS}")
  set(text "#pragma once\n\n// Generated at build time by cmake/EmbedFiles.cmake; do not edit.\n\n")
  string(APPEND text "#include <string_view>\n\nnamespace kgitops::embedded {\n")
  foreach(input IN LISTS inputs)
    string(FIND "${input}" "=" split)
    string(SUBSTRING "${input}" 0 ${split} name)
    math(EXPR path_start "${split} + 1")
    string(SUBSTRING "${input}" ${path_start} -1 path)
    file(READ "${path}" hex HEX)
    string(LENGTH "${hex}" hex_length)
    math(EXPR size "${hex_length} / 2")
    # Every byte as \xNN: no escaping rules to get wrong, any content fits.
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
    get_filename_component(file_name "${path}" NAME)
    string(APPEND text "\n// ${file_name}\ninline constexpr std::string_view ${name}{\"${escaped}\", ${size}};\n")
  endforeach()
  string(APPEND text "\n}  // namespace kgitops::embedded\n")
  file(WRITE "${OUTPUT}" "${text}")
  return()
endif()

# kgitops_embed_files(<target> <header> name=path...): generates
# <binary dir>/generated/<header> before <target> compiles, and again
# whenever one of the files changes.
function(kgitops_embed_files target header)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/generated/${header})
  set(paths)
  foreach(input IN LISTS ARGN)
    string(REGEX REPLACE "^[^=]*=" "" path "${input}")
    list(APPEND paths ${path})
  endforeach()
  string(JOIN "|" inputs ${ARGN})
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} -DINPUTS=${inputs}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${paths} ${CMAKE_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${header}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
endfunction()
