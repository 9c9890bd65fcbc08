# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
list(APPEND NVARM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/vtimer.c
  ${CMAKE_CURRENT_LIST_DIR}/vtimer_tables.c)
