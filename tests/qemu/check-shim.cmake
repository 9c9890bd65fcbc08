# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The bare-metal shim is as freestanding as the library: merge its archive with
# libnvarm.a (the only thing it may call) and run the library's own check on the result.
#   cmake -DSHIM=... -DLIB=... -DAR=... -DNM=... -DOBJDIR=... -DWORK=... -P check-shim.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/shim ${WORK}/lib)
execute_process(COMMAND ${AR} x ${SHIM} WORKING_DIRECTORY ${WORK}/shim RESULT_VARIABLE rc1)
execute_process(COMMAND ${AR} x ${LIB} WORKING_DIRECTORY ${WORK}/lib RESULT_VARIABLE rc2)
file(GLOB objs ${WORK}/shim/*.o* ${WORK}/lib/*.o*)
if(rc1 OR rc2 OR NOT objs)
  message(FATAL_ERROR "cannot unpack ${SHIM} / ${LIB}")
endif()
execute_process(COMMAND ${AR} rcs ${WORK}/combined.a ${objs} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "cannot build the combined archive")
endif()
set(LIB ${WORK}/combined.a)
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/check-freestanding.cmake)
