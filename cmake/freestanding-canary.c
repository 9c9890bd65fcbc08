// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Deliberately NOT freestanding: a writable global and a libc call. Built only in
 * the aarch64 tree so that ctest can prove check-freestanding.cmake rejects it
 * (a check that cannot fail proves nothing).
 */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);

int nvarm_canary_state;

void nvarm_canary(void *dst, const void *src, size_t n);
void nvarm_canary(void *dst, const void *src, size_t n)
{
	nvarm_canary_state++;
	memcpy(dst, src, n);
}
