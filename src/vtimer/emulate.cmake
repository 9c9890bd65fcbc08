# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Timer register accesses with the one emulate-result type.
list(APPEND NVARM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/emulate.c)
