# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
list(APPEND NVARM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/walk.c
  ${CMAKE_CURRENT_LIST_DIR}/attr.c
  ${CMAKE_CURRENT_LIST_DIR}/shadow.c
  ${CMAKE_CURRENT_LIST_DIR}/reclaim.c
  ${CMAKE_CURRENT_LIST_DIR}/translate.c)
