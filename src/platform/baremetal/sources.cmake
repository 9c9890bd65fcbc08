# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# The bare-metal AArch64 EL2 shim (include/nvarm/platform_baremetal.h): its own
# library, linked by bare-metal embedders (examples/l0), not part of libnvarm.a.
add_library(nvarm_platform_baremetal STATIC ${CMAKE_CURRENT_LIST_DIR}/baremetal.c)
target_link_libraries(nvarm_platform_baremetal PUBLIC nvarm)
target_include_directories(nvarm_platform_baremetal PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_options(nvarm_platform_baremetal PRIVATE ${NVARM_LIB_FLAGS})
