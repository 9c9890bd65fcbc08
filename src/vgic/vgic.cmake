# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
list(APPEND NVARM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/vgic_regs.c
  ${CMAKE_CURRENT_LIST_DIR}/vgic_nested.c
  ${CMAKE_CURRENT_LIST_DIR}/vgic_l1.c)
