# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The stage-2 features L1 sees, from the one per-VM configuration.
list(APPEND NVARM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/vmcfg.c)
