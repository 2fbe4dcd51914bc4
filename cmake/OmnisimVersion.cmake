# Generates sim/core/version.hpp content: project version and the git commit
# the build was configured from ("unknown" outside a git checkout).
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
  OUTPUT_VARIABLE OMNISIM_GIT_SHA
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(NOT OMNISIM_GIT_SHA)
  set(OMNISIM_GIT_SHA "unknown")
endif()
execute_process(
  COMMAND git status --porcelain --untracked-files=no
  WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
  OUTPUT_VARIABLE omnisim_git_dirty
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
if(omnisim_git_dirty)
  string(APPEND OMNISIM_GIT_SHA "-dirty")
endif()
# Reconfigure when the checkout moves (a commit, checkout or reset appends to
# the HEAD log), so a plain `cmake --build` never stamps results with a stale
# commit. `git rev-parse --git-dir` also finds the log of a worktree.
execute_process(
  COMMAND git rev-parse --absolute-git-dir
  WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
  OUTPUT_VARIABLE omnisim_git_dir
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET)
foreach(git_file HEAD logs/HEAD)
  if(omnisim_git_dir AND EXISTS "${omnisim_git_dir}/${git_file}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${omnisim_git_dir}/${git_file}")
  endif()
endforeach()
# The build type --version reports, with the sanitizers a preset adds.
set(OMNISIM_BUILD_TYPE "${CMAKE_BUILD_TYPE}")
if(NOT OMNISIM_BUILD_TYPE)
  set(OMNISIM_BUILD_TYPE "unspecified")
endif()
string(REGEX MATCH "-fsanitize=[a-z,]+" omnisim_sanitizers "${CMAKE_CXX_FLAGS}")
if(omnisim_sanitizers)
  string(REPLACE "-fsanitize=" "" omnisim_sanitizers "${omnisim_sanitizers}")
  string(APPEND OMNISIM_BUILD_TYPE " + ${omnisim_sanitizers} sanitizers")
endif()
