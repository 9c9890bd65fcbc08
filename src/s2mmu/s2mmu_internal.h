/* SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only */
/*
 * Private declarations shared by the shadow stage-2 sources: the granule geometry table and
 * the attribute combination helpers.
 */
#ifndef NVARM_S2MMU_INTERNAL_H
#define NVARM_S2MMU_INTERNAL_H

#include <nvarm/s2mmu.h>

/* One line per translation granule (Arm ARM D8.2 "Translation table walks"). */
struct s2_granule {
	uint8_t shift;	      /* log2 of the granule: 12, 14, 16 */
	uint8_t tg0;	      /* VTCR_EL2.TG0 encoding */
	uint8_t feat_bit;     /* enum nvarm_s2mmu_granule_bits */
	int8_t sl0_level[4];  /* start level per VTCR_EL2.SL0 (DS=0, SL2=0); -9: needs a feature */
	uint8_t sl0_feat[4];  /* feature gating that SL0 value: 0 none, 1 TTST, 2 DS */
	uint8_t block_levels; /* bit (level+1): blocks allowed without DS/LPA */
	uint8_t block_levels_52; /* bit (level+1): blocks allowed with DS (4K/16K) or LPA (64K) */
	uint8_t min_ia_ttst;	 /* smallest input size with FEAT_TTST */
};

#define S2_SL0_FEAT_TTST 1
#define S2_SL0_FEAT_DS	 2

/* The granule for a TG0 encoding, or NULL for the reserved value. */
const struct s2_granule *nvarm_s2_granule_by_tg0(unsigned tg0);
/* The granule for a size shift (12, 14, 16), or NULL. */
const struct s2_granule *nvarm_s2_granule_by_shift(unsigned shift);
/* Output size in bits for VTCR_EL2.PS / ID_AA64MMFR0_EL1.PARange encodings (0 = reserved). */
unsigned nvarm_s2_ps_bits(unsigned ps);

/*
 * Combine L1's stage-2 MemAttr (in L1's FWB layout when @guest_fwb) with L0's (FWB=0 layout),
 * producing the shadow MemAttr in the host's layout (FWB layout when @host_fwb). The result is
 * never less restrictive than either input (see attr.c for the one approximation).
 */
uint8_t nvarm_s2_combine_memattr(uint8_t guest, bool guest_fwb, uint8_t host, bool host_fwb);
/* Combine two stage-2 SH fields: the more shareable wins (reserved 01 counts as Outer). */
uint8_t nvarm_s2_combine_sh(uint8_t a, uint8_t b);

/*
 * Walk cache entry (like a hardware stage-2 walk cache): the L1 IPA of the table used at
 * @level for every L2 IPA whose bits above that table's span equal @key. Only valid table
 * descriptors are cached; the owner drops it on every TLBI that reaches the MMU.
 */
struct s2_walk_hint {
	uint64_t key;
	uint64_t table;
	int8_t level; /* S2_HINT_NONE: empty (a start-level table is never cached) */
};

#define S2_HINT_NONE (-9)

/* Parsed VTCR_EL2/VTTBR_EL2 of one L1 configuration (AArch64.S2StartLevel etc.). */
struct s2_walk_prep {
	bool ok;     /* configuration valid; otherwise every walk faults at level 0 */
	bool be;     /* tables big-endian */
	uint8_t sh0; /* VTCR_EL2.SH0 (leaf SH when DS=1) */
	bool xnx;
	const struct s2_granule *g;
	unsigned stride;
	unsigned ia_bits;
	unsigned oa_bits;
	int start;
	unsigned start_bits;
	bool ds;	/* VTCR_EL2.DS in effect (4K/16K, 52-bit format) */
	bool lpa64k;	/* 64K granule with 52-bit OA (FEAT_LPA, PS = 52) */
	uint8_t blocks; /* bit (level+1): block descriptors allowed (AArch64.BlockDescSupported) */
	bool ha, hd;
	uint64_t base;
	uint64_t gmask;	     /* ~(granule - 1) */
	bool off;	     /* HCR_EL2.VM = 0: identity, no tables read */
	uint8_t off_shift;   /* stage 2 off: "leaf" size = L1's PA size */
	uint8_t off_memattr; /* stage 2 off: MemAttr meaning "stage 1 decides" */
};

/* Parse L1's registers once (per shadow MMU). */
void nvarm_s2_walk_prepare(const struct nvarm_s2mmu_features *feat,
			   const struct nvarm_s2mmu_l1_regs *regs, struct s2_walk_prep *p);
/* Walk with prepared parameters; see nvarm_s2_guest_walk(). */
int nvarm_s2_walk_prepared(const struct s2_walk_prep *p, const struct nvarm_platform_ops *ops,
			   nvarm_ipa2_t ipa, unsigned access, bool update,
			   struct nvarm_s2_walk *out, struct s2_walk_hint *hint);

/* FSC (arm/esr.h) of a stage-2 fault (enum nvarm_s2_fault) at a level; 0 for none. */
uint32_t nvarm_s2_fault_fsc(unsigned type, int level);

/* One stage-2-relevant TLBI (op0=1, CRn 8, or 9 for the nXS forms). */
struct s2_tlbi_rule {
	uint8_t op1, crm, op2, op;
};

/* The TLBI rule table (for table checks in tests). */
const struct s2_tlbi_rule *nvarm_s2_tlbi_rules(size_t *n);

#endif
