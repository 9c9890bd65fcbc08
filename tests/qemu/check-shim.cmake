# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The bare-metal shim is as freestanding as the library: run the library's own check
# on the shim's archive, with libnvarm.a (the only thing it may call) as resolvable.
# (Merging the archives with `ar x` would lose members whose names collide, such as
# the names.c objects of several subsystems.)
#   cmake -DSHIM=... -DLIB=... -DNM=... -DOBJDIR=... -P check-shim.cmake
if(NOT EXISTS ${SHIM} OR NOT EXISTS ${LIB})
  message(FATAL_ERROR "missing ${SHIM} or ${LIB}")
endif()
set(ALSO ${LIB})
set(LIB ${SHIM})
include(${CMAKE_CURRENT_LIST_DIR}/../../cmake/check-freestanding.cmake)
