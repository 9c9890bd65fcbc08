/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/**
 * @file env.h
 * @brief The one environment header: everything nvarm needs from its surroundings.
 *
 * nvarm is freestanding: no file of the library includes anything but this header
 * (and, through it, the compiler's freestanding headers). An embedder that has its
 * own types and helpers (a kernel, a hypervisor with its own libc) replaces the whole
 * file by building with `-DNVARM_ENV_HEADER="my_env.h"`. The replacement must provide
 * every item documented below. Single items may also be overridden by defining the
 * macro before this header is first included (e.g. `-DNVARM_ASSERT=...`).
 *
 * Rule: NVARM_ASSERT is for the library's own invariants only. Nothing a guest
 * controls ever reaches an assertion; guest input produces a negative
 * ::nvarm_err instead.
 */
#ifndef NVARM_ENV_H
#define NVARM_ENV_H

#ifdef NVARM_ENV_HEADER
#include NVARM_ENV_HEADER
#else

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if !defined(NVARM_ASSERT) && defined(NVARM_ASSERT_TRAPS)
/* Host test and fuzz builds: a broken invariant stops the test at once. */
#define NVARM_ASSERT(cond) ((cond) ? (void)0 : __builtin_trap())
#endif
#ifndef NVARM_ASSERT
/**
 * @brief Check an internal invariant (never guest input).
 *
 * The default evaluates nothing at run time (the expression is only type-checked),
 * so the library can never halt the machine. Host tests define it to abort.
 */
#define NVARM_ASSERT(cond) ((void)sizeof(!(cond)))
#endif

#ifndef NVARM_STATIC_ASSERT
#ifdef __cplusplus
#define NVARM_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
/** @brief Compile-time assertion. */
#define NVARM_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
#endif

#ifndef NVARM_LIKELY
/** @brief Branch hint: @p x is expected to be true. */
#define NVARM_LIKELY(x) __builtin_expect(!!(x), 1)
/** @brief Branch hint: @p x is expected to be false. */
#define NVARM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#endif

#ifndef NVARM_ARRAY_SIZE
/** @brief Number of elements of a true array. */
#define NVARM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef NVARM_BSWAP64
/** @brief Reverse the bytes of a 64-bit value (compiler builtin, no library call). */
#define NVARM_BSWAP64(x) __builtin_bswap64(x)
/** @brief Reverse the bytes of a 32-bit value. */
#define NVARM_BSWAP32(x) __builtin_bswap32(x)
#endif

#ifndef NVARM_LITTLE_ENDIAN
/** @brief 1 when the CPU running nvarm is little-endian, 0 otherwise. */
#define NVARM_LITTLE_ENDIAN (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#endif

#endif /* NVARM_ENV_HEADER */

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Items every environment gets, built on the ones above. The memory helpers are
 * implemented by the library itself (src/common/mem.c) so that nothing resolves to
 * the embedder's libc.
 */

/**
 * @brief Fill @p n bytes at @p dst with @p c. Never calls libc.
 * @return @p dst.
 */
void *nvarm_memset(void *dst, int c, size_t n);

/**
 * @brief Copy @p n bytes from @p src to @p dst (regions must not overlap).
 * @return @p dst.
 */
void *nvarm_memcpy(void *dst, const void *src, size_t n);

/**
 * @brief Convert a little-endian 64-bit value read from guest memory to CPU order.
 * @param v The value as stored.
 * @param big_endian Non-zero when the guest declared its tables big-endian
 *        (e.g. SCTLR_EL2.EE set for stage-2 walks).
 */
static inline uint64_t nvarm_guest64_to_cpu(uint64_t v, bool big_endian)
{
	bool swap = NVARM_LITTLE_ENDIAN ? big_endian : !big_endian;
	return swap ? NVARM_BSWAP64(v) : v;
}

#ifdef __cplusplus
}
#endif

#endif /* NVARM_ENV_H */
