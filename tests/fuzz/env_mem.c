// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * The library's memory helpers for the fuzz tree only (it replaces src/common/mem.c there):
 * libc's memset/memcpy, which ASan intercepts with one range check per call (the whole range
 * must be addressable; memcpy's ranges must not overlap, as nvarm_memcpy requires). The
 * word loops of mem.c, instrumented store by store, were a fifth of fuzz_s2mmu's time
 * (zeroing 64 KiB shadow table pages).
 */
#include <string.h>

#include <nvarm/env.h>

void *nvarm_memset(void *dst, int c, size_t n)
{
	return memset(dst, c, n);
}

void *nvarm_memcpy(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}
