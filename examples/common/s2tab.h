/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * The stage-2 tables of the small guest hypervisors (s2touch, smpl1): 4K granule, 39-bit
 * IPA, levels 1-3 (VTCR_EL2 T0SZ 25, SL0 1), tables from a caller's pool of pages, pages
 * Normal write-back (MemAttr 0xf, FWB 0), read/write, inner shareable, AF set.
 */
#ifndef EXAMPLES_S2TAB_H
#define EXAMPLES_S2TAB_H
#include <stdint.h>

#define S2TAB_TABLE	  3ull
#define S2TAB_PAGE_NORMAL (3ull | (0xfull << 2) | (3ull << 6) | (3ull << 8) | (1ull << 10))

struct s2tab {
	uint64_t (*pool)[512]; /* page-aligned table pages */
	unsigned npool, used;
	uint64_t *root; /* the first page taken (s2tab_init) */
};

/* A zeroed table page from the pool, or 0 when it is used up. */
static inline uint64_t *s2tab_alloc(struct s2tab *t)
{
	if (t->used == t->npool)
		return 0;
	uint64_t *p = t->pool[t->used++];
	for (unsigned i = 0; i < 512; i++)
		p[i] = 0;
	return p;
}

/* Take the root; 0 when the pool is empty. */
static inline uint64_t *s2tab_init(struct s2tab *t, uint64_t (*pool)[512], unsigned npool)
{
	t->pool = pool, t->npool = npool, t->used = 0;
	return t->root = s2tab_alloc(t);
}

/* Map the 4K page at @p ipa to @p pa; returns its level-3 table, or 0 when the pool ran out. */
static inline uint64_t *s2tab_map_page(struct s2tab *t, uint64_t ipa, uint64_t pa)
{
	uint64_t *tab = t->root;
	for (int level = 1; level < 3; level++) {
		unsigned idx = (unsigned)(ipa >> (12 + 9 * (3 - level))) & 511;
		if (!(tab[idx] & 1)) {
			uint64_t *n = s2tab_alloc(t);
			if (!n)
				return 0;
			tab[idx] = (uint64_t)(uintptr_t)n | S2TAB_TABLE;
		}
		tab = (uint64_t *)(uintptr_t)(tab[idx] & 0x0000fffffffff000ull);
	}
	tab[(ipa >> 12) & 511] = pa | S2TAB_PAGE_NORMAL;
	return tab;
}

/* Clean the tables to the point of coherency (a walker with the EL2 MMU off, or an L0 reading
 * them cacheable, must see them). */
static inline void s2tab_clean(const struct s2tab *t)
{
	for (unsigned i = 0; i < t->used; i++)
		for (unsigned b = 0; b < 4096; b += 64)
			__asm__ volatile("dc civac, %0" ::"r"((uintptr_t)t->pool[i] + b)
					 : "memory");
	__asm__ volatile("dsb ish" ::: "memory");
}
#endif
