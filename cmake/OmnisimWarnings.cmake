# Warnings for omnisim's own targets only (third-party headers are SYSTEM).
function(omnisim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wold-style-cast -Wnon-virtual-dtor)
  if(OMNISIM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
option(OMNISIM_WARNINGS_AS_ERRORS "Treat compiler warnings as errors" OFF)
