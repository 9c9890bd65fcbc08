# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Names of the result enums (own file, so the subsystem lists stay untouched).
list(APPEND NVARM_SOURCES ${CMAKE_CURRENT_LIST_DIR}/names.c)
