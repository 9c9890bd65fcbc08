# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The vtimer flags from the one per-VM configuration.
list(APPEND NVARM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/vmcfg.c)
