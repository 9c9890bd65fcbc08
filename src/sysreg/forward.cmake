# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Trap forwarding (issue #4): route traps taken from L2 to L1's vEL2, L0 or UNDEF.
list(APPEND NVARM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/forward.c
  ${CMAKE_CURRENT_LIST_DIR}/forward_rules.c)
# The L0 side: L1's controls from the vEL2 file in, L2's hardware trap controls out.
list(APPEND NVARM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/forward_hw.c)
