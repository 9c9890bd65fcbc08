# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Configure and build a sibling tree of the project (used as a ctest fixture).
#   cmake -DSRC=<source> -DBIN=<build dir> -DARGS="a|b|c" -P subtree.cmake
string(REPLACE "|" ";" extra "${ARGS}")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC} -B ${BIN} ${extra} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring ${BIN} failed (${rc})")
endif()
include(ProcessorCount)
ProcessorCount(n)
if(n EQUAL 0)
  set(n 2)
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BIN} -j ${n} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building ${BIN} failed (${rc})")
endif()
