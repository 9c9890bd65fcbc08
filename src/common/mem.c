// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The few memory helpers the library needs, implemented here so that the
 * archive never references libc. The library is built with
 * -fno-tree-loop-distribute-patterns so GCC does not turn these loops back into
 * memset()/memcpy() calls; the freestanding check (`nm -u`) proves it.
 */
#include <nvarm/env.h>

void *nvarm_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t pattern = (unsigned char)c * UINT64_C(0x0101010101010101);

	while (n && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uint64_t *)(void *)d = pattern;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *nvarm_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}
