# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Every global symbol an archive defines must be nvarm_-prefixed: linked into a kernel or a
# hypervisor, anything else can clash with the embedder's own names.
#   cmake -DNM=nm -DLIBS="a.a|b.a" -P check-symbols.cmake
# Exception: names starting with "__" are the compiler's own, not the library's (with
# -fsanitize=address every global object X gets an ODR indicator "__odr_asan.X"; a name
# "__odr_asan.X" still has X checked). C reserves "__" names for the implementation, so no
# library source can define one.
string(REPLACE "|" ";" libs "${LIBS}")
set(bad "")
set(total 0)
foreach(lib ${libs})
  if(NOT EXISTS ${lib})
    message(FATAL_ERROR "no archive ${lib}")
  endif()
  execute_process(COMMAND ${NM} -g --defined-only ${lib} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} ${lib} failed")
  endif()
  string(REPLACE "\n" ";" lines "${out}")
  foreach(l ${lines})
    if(NOT l MATCHES "^[0-9a-fA-F]+ [A-Za-z] (.+)$")
      continue()
    endif()
    set(sym ${CMAKE_MATCH_1})
    if(sym MATCHES "^__odr_asan\\.(.+)$")
      set(sym ${CMAKE_MATCH_1})
    elseif(sym MATCHES "^__")
      continue()
    endif()
    math(EXPR total "${total} + 1")
    if(NOT sym MATCHES "^nvarm_")
      get_filename_component(n ${lib} NAME)
      list(APPEND bad "${n}: ${sym}")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES bad)
list(LENGTH bad nbad)
if(nbad GREATER 0)
  string(REPLACE ";" "\n  " bad "${bad}")
  message(FATAL_ERROR "${nbad} global symbols without the nvarm_ prefix:\n  ${bad}")
endif()
message(STATUS "symbols: ${total} global definitions, all nvarm_-prefixed")
