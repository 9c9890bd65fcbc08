# SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
# Toolchain file: freestanding AArch64 with Debian's gcc-aarch64-linux-gnu.
# Used for the library's freestanding proof and for the bare-metal examples.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(NVARM_CROSS_PREFIX aarch64-linux-gnu- CACHE STRING "Cross toolchain prefix")
set(CMAKE_C_COMPILER ${NVARM_CROSS_PREFIX}gcc)
set(CMAKE_ASM_COMPILER ${NVARM_CROSS_PREFIX}gcc)
set(CMAKE_AR ${NVARM_CROSS_PREFIX}ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${NVARM_CROSS_PREFIX}ranlib CACHE FILEPATH "")
set(CMAKE_NM ${NVARM_CROSS_PREFIX}nm CACHE FILEPATH "")
set(CMAKE_OBJCOPY ${NVARM_CROSS_PREFIX}objcopy CACHE FILEPATH "")
set(CMAKE_OBJDUMP ${NVARM_CROSS_PREFIX}objdump CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# -mstrict-align: code may run with the MMU off (all accesses Device memory).
# -mno-outline-atomics: no calls into libgcc's __aarch64_* helpers.
set(CMAKE_C_FLAGS_INIT
  "-ffreestanding -fno-builtin -nostdlib -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-tree-loop-distribute-patterns -fno-pie -fno-pic -fno-stack-protector")
set(CMAKE_ASM_FLAGS_INIT "-ffreestanding -nostdlib -fno-pie")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
