/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Kernel-context runtime for nvarm's host tests: the few libc functions and the part of
 * cmocka's API that tests/s2mmu, tests/forward, tests/vgic and tests/vtimer use, backed by
 * kernel primitives, so that those test files (and their reference models) compile
 * unchanged into the module. The compat/ headers (<stdlib.h>, <cmocka.h>, ...) include
 * only this file.
 *
 * Differences from cmocka, on purpose: a failed assertion cannot longjmp out of a test in
 * the kernel, so it records the failure (file, line, values; the first few are printed)
 * and the test goes on; the test counts as failed. Allocation is kvmalloc/kvfree (vmalloc
 * for the large L1 memories and page pools). getenv() finds nothing, so every test uses
 * its fixed default seed.
 */
#ifndef NVARM_KMOD_TEST_H
#define NVARM_KMOD_TEST_H

/* Every kernel header first: nothing below may rename what they declare. */
#include "nvarm_env_linux.h"
#include <linux/bits.h>
#include <linux/limits.h>
#include <linux/printk.h>
#include <linux/stdarg.h>
#include <linux/stddef.h>
#include <linux/string.h>

/* <stdint.h> limits the tests use (the kernel names them U64_MAX, ...). */
#ifndef INT32_MAX
#define INT32_MAX  S32_MAX
#define INT32_MIN  S32_MIN
#define INT64_MAX  S64_MAX
#define UINT8_MAX  U8_MAX
#define UINT16_MAX U16_MAX
#define UINT32_MAX U32_MAX
#endif

/*
 * Fixture "PAs" (tests/s2mmu/fixture.h): kernel addresses of page-aligned blocks (vmalloc,
 * 0xffff...: kmod_alloc()) without their top 16 bits, which fit host_pa_bits = 48;
 * ops->pa_to_va (nvarm_kmod_pa_to_va) puts them back.
 */
#define FX_PA_OF(p)  ((uint64_t)(uintptr_t)(p)&GENMASK_ULL(47, 0))
#define FX_VA_OF(pa) ((void *)(uintptr_t)((pa) | ~GENMASK_ULL(47, 0)))

/* <stdlib.h> */
#define RAND_MAX 0x7fffffff
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *aligned_alloc(size_t align, size_t size);
void free(void *p);
char *getenv(const char *name);
unsigned long long strtoull(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
int rand(void);
void srand(unsigned int seed);

/* <stdio.h> */
__printf(1, 2) int printf(const char *fmt, ...);

/* <cmocka.h> */
struct CMUnitTest {
	const char *name;
	void (*test_func)(void **state);
};
#define cmocka_unit_test(f)                                                                        \
	{                                                                                          \
#f, f                                                                              \
	}
int nvarm_kmod_run_group(const char *group, const struct CMUnitTest *tests, size_t n);
#define cmocka_run_group_tests(tests, setup, teardown)                                             \
	nvarm_kmod_run_group(KBUILD_BASENAME, tests, ARRAY_SIZE(tests))

__printf(3, 4) void nvarm_kmod_fail(const char *file, int line, const char *fmt, ...);
#define KMOD_FAIL(...)	   nvarm_kmod_fail(__FILE__, __LINE__, __VA_ARGS__)
#define fail()		   KMOD_FAIL("fail()")
#define fail_msg(...)	   KMOD_FAIL(__VA_ARGS__)
#define print_message(...) pr_info("nvarm-kmod: " __VA_ARGS__)
/* Failure reports, possibly in pieces ending without a newline: limited like KMOD_FAIL. */
__printf(1, 2) void nvarm_kmod_print_error(const char *fmt, ...);
#define print_error(...) nvarm_kmod_print_error(__VA_ARGS__)

#define assert_true(c)                                                                             \
	do {                                                                                       \
		if (!(c))                                                                          \
			KMOD_FAIL("assert_true(%s)", #c);                                          \
	} while (0)
#define assert_false(c)                                                                            \
	do {                                                                                       \
		if (c)                                                                             \
			KMOD_FAIL("assert_false(%s)", #c);                                         \
	} while (0)
#define assert_int_equal(a, b)                                                                     \
	do {                                                                                       \
		unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);     \
		if (a_ != b_)                                                                      \
			KMOD_FAIL("%s == %s: %#llx != %#llx", #a, #b, a_, b_);                     \
	} while (0)
#define assert_int_not_equal(a, b)                                                                 \
	do {                                                                                       \
		unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);     \
		if (a_ == b_)                                                                      \
			KMOD_FAIL("%s != %s: both %#llx", #a, #b, a_);                             \
	} while (0)
#define assert_ptr_equal(a, b)                                                                     \
	do {                                                                                       \
		if ((const void *)(a) != (const void *)(b))                                        \
			KMOD_FAIL("%s == %s", #a, #b);                                             \
	} while (0)
#define assert_non_null(p) assert_true((p) != NULL)
#define assert_null(p)	   assert_true((p) == NULL)
#define assert_string_equal(a, b)                                                                  \
	do {                                                                                       \
		if (strcmp((a), (b)))                                                              \
			KMOD_FAIL("%s == %s: \"%s\" != \"%s\"", #a, #b, (a), (b));                 \
	} while (0)
#define assert_memory_equal(a, b, n)                                                               \
	do {                                                                                       \
		if (memcmp((a), (b), (n)))                                                         \
			KMOD_FAIL("memory %s == %s (%zu bytes)", #a, #b, (size_t)(n));             \
	} while (0)
#define assert_memory_not_equal(a, b, n)                                                           \
	do {                                                                                       \
		if (!memcmp((a), (b), (n)))                                                        \
			KMOD_FAIL("memory %s != %s (%zu bytes)", #a, #b, (size_t)(n));             \
	} while (0)

/* Each host test's main(), renamed by the Kbuild file (-Dmain=...). */
#define NVARM_KMOD_GROUPS(X)                                                                       \
	X(s2mmu_diff)                                                                              \
	X(forward)                                                                                 \
	X(vgic_regs)                                                                               \
	X(vgic_l1)                                                                                 \
	X(vgic_nested)                                                                             \
	X(vtimer)                                                                                  \
	X(vtimer_prop)
#define NVARM_KMOD_DECLARE(g) int nvarm_kmod_main_##g(void);
NVARM_KMOD_GROUPS(NVARM_KMOD_DECLARE)

struct nvarm_host_model;
struct nvarm_platform_ops;
/* nvarm_host_model_ops with the kernel's lock and log (the test objects call this one). */
void nvarm_kmod_host_model_ops(struct nvarm_host_model *m, struct nvarm_platform_ops *ops);

#endif /* NVARM_KMOD_TEST_H */
