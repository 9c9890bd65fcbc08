/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Randomised host tests: a fixed default seed, overridable with NVARM_TEST_SEED (the
 * tests print the seed they used on failure), and a xorshift64 generator on a state the
 * test owns.
 */
#ifndef NVARM_TESTS_TEST_RNG_H
#define NVARM_TESTS_TEST_RNG_H

#include <stdint.h>
#include <stdlib.h>

/* NVARM_TEST_SEED if set (any base strtoull accepts), else @p dflt; never 0. */
static inline uint64_t test_seed(uint64_t dflt)
{
	const char *s = getenv("NVARM_TEST_SEED");
	uint64_t seed = s ? strtoull(s, NULL, 0) : dflt;
	return seed ? seed : 1;
}

/* xorshift64 (Marsaglia 2003): period 2^64 - 1 over non-zero states. */
static inline uint64_t test_rng(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* A value in [0, n) from the generator (n > 0). */
static inline unsigned test_below(uint64_t *state, unsigned n)
{
	return (unsigned)(test_rng(state) % n);
}

#endif
