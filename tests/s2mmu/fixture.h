/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Test fixture for the shadow stage-2: the host model with L1 memory, a region-based fake of
 * L0's stage-2, a builder of real stage-2 tables in L1 memory, a reader of the shadow tables
 * (real descriptors, walked independently of the library) and the expected outcome of a
 * fault computed from the reference model (ref.c).
 */
#ifndef NVARM_TESTS_S2MMU_FIXTURE_H
#define NVARM_TESTS_S2MMU_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <nvarm/platform_host.h>
#include <nvarm/s2mmu.h>

#include "ref.h"

/*
 * The "PA" of fixture memory handed to nvarm (page pools, shadow tables) and back: the
 * address itself on the host (pa_to_va of the host model is the identity). An embedder
 * whose addresses do not fit host_pa_bits (a kernel's 0xffff... addresses, examples/kmod)
 * defines both, matching its ops->pa_to_va.
 */
#ifndef FX_PA_OF
#define FX_PA_OF(p)  ((uint64_t)(uintptr_t)(p))
#define FX_VA_OF(pa) ((void *)(uintptr_t)(pa))
#endif

#define FX_L1_BASE    0x100000000ull
#define FX_L1_SIZE    (48ull << 20)
#define FX_HREG_SHIFT 25
#define FX_HREG_N     512 /* host map covers L1 IPA [0, 2^34) */

struct fx_hreg {
	bool mapped, mmio, dirty;
	uint8_t shift, perm, memattr, sh;
	uint64_t pa;
};

struct fx {
	struct nvarm_host_model hm;
	struct nvarm_platform_ops ops;
	uint8_t *l1mem;
	uint64_t l1_next;
	void *pool;
	uint32_t pool_pages;
	void *state;
	struct nvarm_s2mmu s;
	struct nvarm_s2mmu_config cfg;
	struct fx_hreg hr[FX_HREG_N];
	uint64_t rng;
	struct ref_l1 ref;
	struct nvarm_s2mmu_l1_regs l1;
	int mmu;
	struct nvarm_s2mmu_hw hw;
	/* generator geometry of the current guest config */
	unsigned gbits, stride, iasize, oasize;
	int start, first;
	bool wide; /* 52-bit guest configuration (fx_guest_wide()) */
	bool ds;   /* ... with VTCR_EL2.DS=1: no SH field in L1's leaves */
	uint64_t root;
	unsigned host_lookups;
};

uint64_t fx_rand(struct fx *f);
uint64_t fx_seed(uint64_t dflt);

/* Set up host model, context (host granule hgbits) and a pool of pool_pages pages. */
void fx_init(struct fx *f, unsigned hgbits, uint32_t pool_pages, uint32_t rmap, unsigned mmus);
void fx_fini(struct fx *f);

/* Random host map (every region mapped with full permissions when @plain). */
void fx_host_random(struct fx *f, bool plain);

/* Pick a guest configuration (granule gbits, random valid VTCR unless @allow_bad). */
void fx_guest_config(struct fx *f, unsigned gbits, bool allow_bad);
/*
 * A guest configuration with 52-bit addresses: L1 offered PARange 52 with FEAT_LPA and
 * FEAT_LPA2, VTCR_EL2.PS = 52, T0SZ 12..15 (49..52-bit IPAs) from a start level >= 0, DS=1
 * with 4K/16K (FEAT_LPA's layout with 64K). Before nvarm_s2mmu_init() (it sets cfg.guest).
 */
void fx_guest_wide(struct fx *f, unsigned gbits);
/* Fixed guest configuration. */
void fx_guest_fixed(struct fx *f, unsigned gbits, unsigned iasize, int start);

uint64_t fx_l1_alloc(struct fx *f, uint64_t size);
void fx_wr(struct fx *f, uint64_t ipa1, uint64_t v);
uint64_t fx_rd(struct fx *f, uint64_t ipa1);

/* Fill the guest path of @ipa with random (partly hostile) descriptors where empty. */
void fx_populate(struct fx *f, uint64_t ipa, bool hostile);
/* Map ipa2 -> oa with a leaf at @level (creating tables), descriptor attributes @attrs. */
void fx_map(struct fx *f, uint64_t ipa2, uint64_t oa, int level, uint64_t attrs);
/* L1 IPA of the descriptor for ipa at @level (tables must exist), 0 if none. */
uint64_t fx_desc_addr(struct fx *f, uint64_t ipa, int level);

/* (Re)acquire the shadow MMU for the current L1 registers. */
void fx_get_mmu(struct fx *f);

struct fx_exp {
	enum nvarm_s2mmu_action action;
	enum nvarm_s2mmu_l0_reason l0_reason;
	unsigned fsc;
	uint64_t pa;
	unsigned perm, memattr, sh;
	unsigned smax; /* largest allowed shadow leaf */
	struct ref_walk w;
};

/* Expected outcome of a fault at ipa with access acc (before the call). */
void fx_expect(struct fx *f, uint64_t ipa, unsigned acc, struct fx_exp *e);

/* Build an ESR for an L2 abort with access acc and FSC fsc. */
uint64_t fx_esr(unsigned acc, unsigned fsc);

struct fx_leaf {
	uint64_t ipa2;
	unsigned shift;
	int level;
	uint64_t desc;
};

/*
 * All shadow leaves of the current MMU (read from the real tables). Returns count, or
 * (size_t)-1 when f->hw's VTCR_EL2/VTTBR_EL2 are inconsistent (fx_hw_geometry()).
 */
size_t fx_leaves(struct fx *f, struct fx_leaf *out, size_t max);
/*
 * The start level and root index bits the hardware derives from f->hw (VTCR_EL2.TG0, SL0,
 * T0SZ), decoded independently of the library; -1 when they are inconsistent with the
 * configuration or the architecture (more than 16 concatenated tables, unaligned root).
 */
int fx_hw_geometry(const struct fx *f, int *level, unsigned *root_bits);
/* The OA of shadow descriptor @d (leaf of 2^@lsb or table) in the layout f->hw's VTCR_EL2
 * selects (52-bit with PS = 52: DS=1 or FEAT_LPA), and the shareability of a shadow leaf. */
uint64_t fx_shadow_oa(const struct fx *f, uint64_t d, unsigned lsb);
unsigned fx_shadow_sh(const struct fx *f, uint64_t d);
/* A shadow leaf's shareability @got is right for the reference's @ref: equal, or with DS=1
 * (one VTCR_EL2.SH0 for every leaf) equal or Inner Shareable. */
bool fx_shadow_sh_ok(const struct fx *f, unsigned got, unsigned ref);
/*
 * The walk the hardware makes of the shadow tables for @ipa2 with the VTTBR_EL2/VTCR_EL2 the
 * library returned (f->hw): the reference walker (ref.c) over the pool memory.
 */
void fx_hw_walk(struct fx *f, uint64_t ipa2, struct ref_walk *w);

/* Check one shadow leaf against the reference (samples 3 addresses); 0 if consistent. */
int fx_check_leaf(struct fx *f, const struct fx_leaf *l, char *why, size_t whylen);

int fx_host_lookup(void *user, nvarm_ipa1_t ipa, struct nvarm_host_s2_map *out);

#endif
