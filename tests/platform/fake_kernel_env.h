/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * A stand-in for a kernel's environment: no <stdint.h>, <stddef.h> or
 * <stdbool.h>; types come from the compiler's predefined macros, as a kernel's
 * own headers would provide them. The env_override test builds the whole
 * library for aarch64 with -DNVARM_ENV_HEADER pointing here, proving that the
 * library takes everything from the env header and nothing from elsewhere.
 */
#ifndef FAKE_KERNEL_ENV_H
#define FAKE_KERNEL_ENV_H

typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __INTPTR_TYPE__ intptr_t;
typedef __SIZE_TYPE__ size_t;
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)
#define UINT64_C(c) c##UL
#define INT64_C(c) c##L
#define UINT32_C(c) c##U
#define UINT64_MAX 0xffffffffffffffffUL
#define UINT32_MAX 0xffffffffU
#define UINT16_MAX 0xffff
#define UINT8_MAX 0xff
#define INT32_MAX 0x7fffffff
#define INT32_MIN (-INT32_MAX - 1)
#define INT64_MAX 0x7fffffffffffffffL
#define INT64_MIN (-INT64_MAX - 1)
#define SIZE_MAX UINT64_MAX
#define offsetof(t, m) __builtin_offsetof(t, m)

#define NVARM_ASSERT(cond) ((void)sizeof(!(cond)))
#define NVARM_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#define NVARM_LIKELY(x) __builtin_expect(!!(x), 1)
#define NVARM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NVARM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NVARM_BSWAP64(x) __builtin_bswap64(x)
#define NVARM_BSWAP32(x) __builtin_bswap32(x)
#define NVARM_LITTLE_ENDIAN 1

#endif
