// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/* The libc functions nvarm's host tests call, on kernel primitives (see kmod_test.h). */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include "kmod_test.h"

/*
 * Every block remembers the kvmalloc'd pointer just below the aligned address it returns
 * (the fixtures want 64K-aligned L1 memories and page pools; vmalloc aligns to a page).
 * Page-aligned blocks (the page pools, whose addresses FX_PA_OF() shortens to 48 bits) are
 * always vmalloc memory: kvmalloc would give a small one from the linear map, which with
 * 52-bit kernel VAs (0xfff0...) does not survive the shortening.
 */
static void *kmod_alloc(size_t align, size_t size, gfp_t gfp)
{
	char *raw, *p;

	if (align < sizeof(void *))
		align = sizeof(void *);
	if (size > INT_MAX - align - sizeof(void *))
		return NULL;
	if (align >= PAGE_SIZE)
		raw = __vmalloc(size + align + sizeof(void *), gfp | __GFP_NOWARN);
	else
		raw = kvmalloc(size + align + sizeof(void *), gfp | __GFP_NOWARN);
	if (!raw)
		return NULL;
	p = PTR_ALIGN(raw + sizeof(void *), align);
	((void **)p)[-1] = raw;
	return p;
}

void *malloc(size_t size)
{
	return kmod_alloc(16, size, GFP_KERNEL);
}

void *calloc(size_t n, size_t size)
{
	if (size && n > INT_MAX / size)
		return NULL;
	return kmod_alloc(16, n * size, GFP_KERNEL | __GFP_ZERO);
}

void *aligned_alloc(size_t align, size_t size)
{
	if (!is_power_of_2(align))
		return NULL;
	return kmod_alloc(align, size, GFP_KERNEL);
}

void free(void *p)
{
	if (p)
		kvfree(((void **)p)[-1]);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	return simple_strtoull(s, end, base);
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return simple_strtoul(s, end, base);
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	sort(base, n, size, cmp, NULL);
}

static u64 kmod_rand_state = 1;

void srand(unsigned int s)
{
	kmod_rand_state = s ? s : 1;
}

int rand(void)
{
	kmod_rand_state ^= kmod_rand_state << 13;
	kmod_rand_state ^= kmod_rand_state >> 7;
	kmod_rand_state ^= kmod_rand_state << 17;
	return (int)(kmod_rand_state >> 33);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
