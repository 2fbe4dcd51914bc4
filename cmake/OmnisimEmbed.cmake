# omnisim_embed_text(<output.cpp> <input> <function>) writes a C++ source that
# defines `std::string_view omnisim::<function>()` returning the file's text,
# so a scenario can be compiled into the binary and stay in sync with its file.
function(omnisim_embed_text output input function)
  file(READ "${input}" omnisim_embedded_text)
  string(FIND "${omnisim_embedded_text}" ")omnisim_embed\"" delimiter_found)
  if(NOT delimiter_found EQUAL -1)
    message(FATAL_ERROR "${input} contains the raw-string delimiter used for embedding")
  endif()
  set(OMNISIM_EMBED_FUNCTION "${function}")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/embedded_text.cpp.in" "${output}" @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${input}")
endfunction()
