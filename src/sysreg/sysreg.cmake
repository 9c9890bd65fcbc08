# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The sysreg subsystem (trap forwarding lives in forward*.c with its own forward.cmake).
list(APPEND NVARM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/table.c
  ${CMAKE_CURRENT_LIST_DIR}/decode.c
  ${CMAKE_CURRENT_LIST_DIR}/vel2_file.c
  ${CMAKE_CURRENT_LIST_DIR}/features.c
  ${CMAKE_CURRENT_LIST_DIR}/vel2.c
  ${CMAKE_CURRENT_LIST_DIR}/shadow_rows.c
  ${CMAKE_CURRENT_LIST_DIR}/shadow.c
  ${CMAKE_CURRENT_LIST_DIR}/exc.c
  ${CMAKE_CURRENT_LIST_DIR}/ras.c
  ${CMAKE_CURRENT_LIST_DIR}/pmu.c)
