// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * Guest stage-2 walker: L2 IPA -> L1 IPA through L1's stage-2 tables, in the order of the Arm
 * ARM pseudocode AArch64.S2Walk / AArch64.S2StartLevel / AArch64.S2InconsistentSL.
 *
 * Owns nothing: pure function of (features, L1 registers, L1 memory). Table memory is read
 * only through nvarm_platform_ops::read_l1, one descriptor per level, so a walk reads at most
 * five descriptors (levels -1..3) whatever the tables contain: cyclic or self-referencing
 * tables cannot loop. Every guest value produces a fault, never an assertion.
 *
 * Choices where the architecture is CONSTRAINED UNPREDICTABLE (documented per line below):
 * - T0SZ outside the supported range, an input size above L1's PA size, an SL0 value that is
 *   reserved or inconsistent with T0SZ: Translation fault at level 0 (as QEMU does);
 * - VTTBR_EL2.BADDR above the output size: Address size fault at level 0;
 * - a reserved TG0 or a granule L1 was not offered: the first offered granule is used;
 * - a reserved PS value: the largest output size;
 * - block descriptor OA bits below the block size: ignored.
 */
#include "s2mmu_internal.h"

/* Granule geometry (Arm ARM D8.2; VTCR_EL2.SL0 tables D8-12/D8-22/D8-31). */
static const struct s2_granule s2_granules[] = {
    /* shift tg0 feat              sl0 -> level     gating             blocks  blocks52 min */
    {12,
     NVARM_VTCR_TG0_4K,
     NVARM_S2MMU_G4K,
     {2, 1, 0, 3},
     {0, 0, 0, S2_SL0_FEAT_TTST},
     (1 << 2) | (1 << 3),
     (1 << 1) | (1 << 2) | (1 << 3),
     16},
    {14,
     NVARM_VTCR_TG0_16K,
     NVARM_S2MMU_G16K,
     {3, 2, 1, 0},
     {0, 0, 0, S2_SL0_FEAT_DS},
     (1 << 3),
     (1 << 2) | (1 << 3),
     16},
    {16,
     NVARM_VTCR_TG0_64K,
     NVARM_S2MMU_G64K,
     {3, 2, 1, -9},
     {0, 0, 0, 0},
     (1 << 3),
     (1 << 2) | (1 << 3),
     17},
};

/* VTCR_EL2.PS / PARange encodings (D24.2 VTCR_EL2.PS). */
static const uint8_t s2_ps_bits[8] = {32, 36, 40, 42, 44, 48, 52, 0};

const struct s2_granule *nvarm_s2_granule_by_tg0(unsigned tg0)
{
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(s2_granules); i++)
		if (s2_granules[i].tg0 == tg0)
			return &s2_granules[i];
	return NULL;
}

const struct s2_granule *nvarm_s2_granule_by_shift(unsigned shift)
{
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(s2_granules); i++)
		if (s2_granules[i].shift == shift)
			return &s2_granules[i];
	return NULL;
}

unsigned nvarm_s2_ps_bits(unsigned ps)
{
	return ps < 8 ? s2_ps_bits[ps] : 0;
}

static const struct s2_granule *pick_granule(const struct nvarm_s2mmu_features *feat, unsigned tg0)
{
	const struct s2_granule *g = nvarm_s2_granule_by_tg0(tg0);

	if (g && (feat->granules & g->feat_bit))
		return g;
	/* Reserved or not offered: CONSTRAINED UNPREDICTABLE, use the first offered one. */
	for (unsigned i = 0; i < NVARM_ARRAY_SIZE(s2_granules); i++)
		if (feat->granules & s2_granules[i].feat_bit)
			return &s2_granules[i];
	return &s2_granules[0];
}

/*
 * Output address of a descriptor (table or leaf), granule aligned. With 48-bit descriptors,
 * bits [51:48] of a table descriptor and [50:48] of a leaf (bit 51 is DBM there) are RES0
 * OA bits: non-zero values are reported as Address size faults (AArch64.OAOutOfRange).
 */
static inline uint64_t desc_oa(const struct s2_walk_prep *p, uint64_t desc, bool leaf, bool *oor)
{
	uint64_t oa;

	if (NVARM_LIKELY(!p->ds && !p->lpa64k)) {
		oa = desc & NVARM_GENMASK(47, 0) & p->gmask;
		*oor = (NVARM_FIELD_GET(desc, leaf ? 50 : 51, 48) != 0) | ((oa >> p->oa_bits) != 0);
		return oa;
	}
	if (p->ds) {
		oa = desc & NVARM_GENMASK(49, p->g->shift);
		oa |= NVARM_FIELD_GET(desc, 9, 8) << 50;
		*oor = false;
	} else {
		oa = desc & NVARM_GENMASK(47, p->g->shift);
		if (p->lpa64k) {
			oa |= NVARM_FIELD_GET(desc, 15, 12) << 48;
			*oor = false;
		} else {
			*oor = NVARM_FIELD_GET(desc, leaf ? 50 : 51, 48) != 0;
		}
	}
	if (p->oa_bits < 52 && (oa >> p->oa_bits))
		*oor = true;
	return oa;
}

/* AArch64.S2StartLevel + AArch64.S2InconsistentSL + input size checks. */
static bool setup(const struct nvarm_s2mmu_features *feat, const struct nvarm_s2mmu_l1_regs *regs,
		  struct s2_walk_prep *p)
{
	p->be = regs->big_endian;
	p->xnx = feat->xnx;
	p->sh0 = (uint8_t)NVARM_FIELD_GET(regs->vtcr, 13, 12);
	uint64_t vtcr = regs->vtcr;
	unsigned t0sz = vtcr & NVARM_VTCR_T0SZ_MASK;
	unsigned sl0 = NVARM_FIELD_GET(vtcr, 7, 6);
	unsigned ps = NVARM_FIELD_GET(vtcr, 18, 16);
	unsigned max_ia, min_ia, pa_max;
	int span;

	p->g = pick_granule(feat, NVARM_FIELD_GET(vtcr, 15, 14));
	p->stride = p->g->shift - 3;
	p->gmask = ~((UINT64_C(1) << p->g->shift) - 1);
	p->ds = feat->lpa2 && p->g->shift != 16 && (vtcr >> NVARM_VTCR_DS_SHIFT & 1);
	pa_max = feat->pa_bits;
	if (pa_max > 52 || pa_max < 32)
		pa_max = 48;
	if (pa_max == 52 && !(p->ds || (p->g->shift == 16 && feat->lpa)))
		pa_max = 48;
	p->oa_bits = nvarm_s2_ps_bits(ps);
	if (!p->oa_bits)
		p->oa_bits = 52;
	if (p->oa_bits > pa_max)
		p->oa_bits = pa_max;
	p->lpa64k = p->g->shift == 16 && feat->lpa && p->oa_bits == 52;
	/*
	 * Block levels (AArch64.BlockDescSupported): 4K level 0 and 16K level 1 need DS; 64K
	 * level 1 needs a 52-bit implemented PA size (PAMax() == 52, i.e. FEAT_LPA), whatever
	 * VTCR_EL2.PS says (a 4TB block with PS < 52 is an ordinary leaf whose OA is checked
	 * against PS like any other).
	 */
	if (p->g->shift == 16)
		p->blocks = pa_max == 52 ? p->g->block_levels_52 : p->g->block_levels;
	else
		p->blocks = p->ds ? p->g->block_levels_52 : p->g->block_levels;
	p->ha = feat->hafdbs && (vtcr & NVARM_VTCR_HA);
	p->hd = p->ha && (vtcr & NVARM_VTCR_HD);

	p->ia_bits = 64 - t0sz;
	max_ia = (p->ds || p->lpa64k) ? 52 : 48;
	min_ia = feat->ttst ? p->g->min_ia_ttst : 25;
	if (p->ia_bits > max_ia || p->ia_bits < min_ia || p->ia_bits > pa_max)
		return false;

	if (p->ds && p->g->shift == 12 && (vtcr >> NVARM_VTCR_SL2_SHIFT & 1)) {
		if (sl0 != 0)
			return false;
		p->start = -1;
	} else {
		p->start = p->g->sl0_level[sl0];
		if (p->start < -1)
			return false;
		if (p->g->sl0_feat[sl0] == S2_SL0_FEAT_TTST && !feat->ttst)
			return false;
		if (p->g->sl0_feat[sl0] == S2_SL0_FEAT_DS && !p->ds)
			return false;
	}
	/* Bits resolved at the start level: 1..stride+4 (at most 16 concatenated tables). */
	span = (int)p->ia_bits - (int)(p->g->shift + (unsigned)(3 - p->start) * p->stride);
	if (span < 1 || span > (int)p->stride + 4)
		return false;
	p->start_bits = (unsigned)span;

	/* VTTBR_EL2.BADDR: [47:1], plus [51:48] in bits [5:2] with 52-bit output. */
	p->base = regs->vttbr & NVARM_GENMASK(47, 1);
	if (p->ds || p->lpa64k)
		p->base =
		    (p->base & NVARM_GENMASK(47, 6)) | (NVARM_FIELD_GET(regs->vttbr, 5, 2) << 48);
	/* The start table is aligned to its size (lower BADDR bits are RES0, treated as 0). */
	p->base &= ~((UINT64_C(8) << p->start_bits) - 1);
	return true;
}

static void set_fault(struct nvarm_s2_walk *out, enum nvarm_s2_fault f, int level)
{
	out->fault = (uint8_t)f;
	out->level = (int8_t)level;
}

static int read_desc(const struct nvarm_platform_ops *ops, nvarm_ipa1_t a, bool be, uint64_t *d)
{
	uint64_t raw;
	int rc = ops->read_l1(ops->ctx, a, &raw, sizeof(raw));

	if (rc)
		return rc;
	*d = nvarm_guest64_to_cpu(raw, be);
	return 0;
}

/* Store a descriptor back in L1 memory byte order (for cmpxchg). */
static uint64_t cpu_to_guest64(uint64_t v, bool be)
{
	return nvarm_guest64_to_cpu(v, be); /* byte swapping is its own inverse */
}

/* Field by field: cheaper than a memset call on the fault path. */
static void clear_out(struct nvarm_s2_walk *out)
{
	out->oa = nvarm_ipa1(0);
	out->leaf_shift = 0;
	out->level = 0;
	out->fault = 0;
	out->perm = 0;
	out->memattr = 0;
	out->sh = 0;
	out->dbm = false;
	out->desc = 0;
	out->desc_ipa = nvarm_ipa1(0);
}

/*
 * What the walk requires of a valid descriptor it stops at, at @level: a page at level 3
 * (bit 1 set; clear is reserved), a block where the granule allows one (a table otherwise).
 */
static inline bool leaf_ok(const struct s2_walk_prep *P, uint64_t desc, int level)
{
	return level == 3 ? (desc & NVARM_S2D_TABLE) != 0 : (P->blocks & (1u << (level + 1))) != 0;
}

/*
 * A leaf the walk accepted at @level (@shift: its size): fill @out for @ipa (OA, size, level,
 * MemAttr, SH, DBM, the permissions the descriptor grants now, no dirty-state update).
 * Returns true when the output address is out of range (Address size fault). The walk and
 * the fault-around (nvarm_s2_leaf_decode()) both use it, so a neighbour page is judged
 * exactly as its own fault's walk would judge it.
 */
static inline bool leaf_fill(const struct s2_walk_prep *P, uint64_t desc, int level, unsigned shift,
			     uint64_t ipa, struct nvarm_s2_walk *out)
{
	uint64_t oa;
	bool oor;

	oa = desc_oa(P, desc, true, &oor) & ~((UINT64_C(1) << shift) - 1);
	if (oor)
		return true;
	out->level = (int8_t)level;
	out->leaf_shift = (uint8_t)shift;
	out->oa = nvarm_ipa1(oa | (ipa & ((UINT64_C(1) << shift) - 1)));
	out->memattr = (uint8_t)NVARM_FIELD_GET(desc, 5, 2);
	out->sh = (uint8_t)(P->ds ? P->sh0 : NVARM_FIELD_GET(desc, 9, 8));
	out->dbm = (desc >> NVARM_S2D_DBM_SHIFT) & 1;

	out->perm = desc_perm(desc, P->xnx); /* S2AP and XN (XN[0] RES0 without FEAT_XNX) */
	return false;
}

enum nvarm_s2_fault nvarm_s2_leaf_decode(const struct s2_walk_prep *P, uint64_t desc, int level,
					 uint64_t ipa, struct nvarm_s2_walk *out)
{
	clear_out(out);
	out->desc = desc;
	/* the walk's checks of the descriptor it stops at, in its order */
	if (!(desc & NVARM_S2D_VALID) || (level < 3 && (desc & NVARM_S2D_TABLE)))
		return NVARM_S2_FAULT_TRANSLATION; /* invalid, or a table: not a leaf here */
	if (!leaf_ok(P, desc, level))
		return NVARM_S2_FAULT_TRANSLATION;
	if (leaf_fill(P, desc, level, P->g->shift + (unsigned)(3 - level) * P->stride, ipa, out))
		return NVARM_S2_FAULT_ADDR_SIZE;
	return NVARM_S2_FAULT_NONE;
}

#define S2_WALK_RETRIES 4

void nvarm_s2_walk_prepare(const struct nvarm_s2mmu_features *feat,
			   const struct nvarm_s2mmu_l1_regs *regs, struct s2_walk_prep *p)
{
	unsigned pa = feat->pa_bits;

	p->ok = setup(feat, regs, p);
	/* HCR_EL2.VM = 0 (D8.1 "stage 2 disabled"): IPA == PA; MemAttr 0xf (FWB: 0x7) and SH
	 * 00 leave stage 1's attributes unchanged when combined. */
	p->off = !regs->vm;
	p->off_shift = (uint8_t)(pa >= 32 && pa <= 52 ? pa : 48);
	p->off_memattr = regs->fwb ? NVARM_S2_FWB_AS_S1 : NVARM_S2_MEMATTR_NORMAL_WB;
}

int nvarm_s2_guest_walk(const struct nvarm_s2mmu_features *feat,
			const struct nvarm_s2mmu_l1_regs *regs,
			const struct nvarm_platform_ops *ops, nvarm_ipa2_t ipa, unsigned access,
			bool update, struct nvarm_s2_walk *out)
{
	struct s2_walk_prep p;

	if (!feat || !regs || !ops || !ops->read_l1 || !out)
		return NVARM_ERR_INVAL;
	nvarm_s2_walk_prepare(feat, regs, &p);
	return nvarm_s2_walk_prepared(&p, ops, ipa, access, update, out, NULL);
}

int nvarm_s2_walk_prepared(const struct s2_walk_prep *pp, const struct nvarm_platform_ops *ops,
			   nvarm_ipa2_t ipa, unsigned access, bool update,
			   struct nvarm_s2_walk *out, struct s2_walk_hint *hint)
{
	const struct s2_walk_prep *P = pp;
	bool be, ha, hd;

	clear_out(out);
	be = P->be;
	if (P->off) {
		out->oa = nvarm_ipa1(ipa.v);
		out->leaf_shift = P->off_shift;
		out->perm = NVARM_PERM_RWX;
		out->memattr = P->off_memattr;
		return 0;
	}
	if (!P->ok) {
		set_fault(out, NVARM_S2_FAULT_TRANSLATION, 0);
		return 0;
	}

	if (ipa.v >> P->ia_bits) {
		set_fault(out, NVARM_S2_FAULT_TRANSLATION, 0);
		return 0;
	}
	if (P->oa_bits < 52 && (P->base >> P->oa_bits)) {
		set_fault(out, NVARM_S2_FAULT_ADDR_SIZE, 0);
		return 0;
	}
	ha = P->ha;
	hd = P->hd;
	if (update && !ops->cmpxchg_l1)
		ha = hd = false; /* platform cannot update L1 memory: report AF faults */

	for (unsigned attempt = 0; attempt < S2_WALK_RETRIES; attempt++) {
		uint64_t base = P->base, desc = 0;
		int level = P->start;

		/* the caller's hint matches ipa (gh_pick()); one set below by this walk too */
		if (hint && hint->level > P->start && hint->level <= 3) {
			level = hint->level; /* walk cache hit: skip the upper levels */
			base = hint->table;
		}
		unsigned shift = 0;
		nvarm_ipa1_t da = nvarm_ipa1(0);
		bool oor;

		/* At most 5 iterations (levels -1..3): the walk is bounded by construction. */
		for (;; level++) {
			unsigned nbits = level == P->start ? P->start_bits : P->stride;
			uint64_t idx;
			int rc;

			shift = P->g->shift + (unsigned)(3 - level) * P->stride;
			idx = (ipa.v >> shift) & ((UINT64_C(1) << nbits) - 1);
			da = nvarm_ipa1(base + idx * 8);
			rc = read_desc(ops, da, be, &desc);
			if (rc == NVARM_ERR_GUEST_MEM) {
				set_fault(out, NVARM_S2_FAULT_EXT_WALK, level);
				out->desc_ipa = da;
				return 0;
			}
			if (rc)
				return NVARM_ERR_PLATFORM;
			out->desc = desc;
			out->desc_ipa = da;
			if (!(desc & NVARM_S2D_VALID)) {
				set_fault(out, NVARM_S2_FAULT_TRANSLATION, level);
				return 0;
			}
			if (level == 3 || !(desc & NVARM_S2D_TABLE)) {
				if (!leaf_ok(P, desc, level)) {
					set_fault(out, NVARM_S2_FAULT_TRANSLATION, level);
					return 0;
				}
				break;
			}
			/* Table descriptor: no hierarchical attributes at stage 2. */
			base = desc_oa(P, desc, false, &oor);
			if (oor) {
				set_fault(out, NVARM_S2_FAULT_ADDR_SIZE, level);
				return 0;
			}
			if (hint) {
				hint->level = (int8_t)(level + 1);
				hint->table = base;
				hint->key = ipa.v >> shift;
			}
		}

		if (leaf_fill(P, desc, level, shift, ipa.v, out)) {
			set_fault(out, NVARM_S2_FAULT_ADDR_SIZE, level);
			return 0;
		}
		uint8_t perm = out->perm;
		uint64_t want = desc;
		bool af = desc & NVARM_S2D_AF;
		/* AArch64.S2CheckPermission: dirty state update instead of a write fault (HD). */
		bool dirty = (access & NVARM_S2_ACC_W) && !(perm & NVARM_PERM_W) && out->dbm && hd;
		if (dirty)
			perm |= NVARM_PERM_W;

		/* Access flag fault has priority over permission faults (AArch64.S2Translate). */
		if (!af && !ha) {
			set_fault(out, NVARM_S2_FAULT_ACCESS, level);
			return 0;
		}
		if (access & ~(unsigned)perm & 0xfu) {
			set_fault(out, NVARM_S2_FAULT_PERMISSION, level);
			out->perm = perm;
			return 0;
		}
		if (!af)
			want |= NVARM_S2D_AF;
		if (dirty)
			want |= NVARM_S2D_S2AP_W;
		out->perm = perm;
		if (want == desc || !update || !access)
			return 0;
		/* Hardware update of L1's descriptor, atomically (D8.4.x HAFDBS). */
		uint64_t cur = 0;
		int rc = ops->cmpxchg_l1(ops->ctx, da, cpu_to_guest64(desc, be),
					 cpu_to_guest64(want, be), &cur);
		if (rc == NVARM_ERR_GUEST_MEM) {
			set_fault(out, NVARM_S2_FAULT_EXT_WALK, level);
			return 0;
		}
		if (rc)
			return NVARM_ERR_PLATFORM;
		if (cur == cpu_to_guest64(desc, be))
			return 0;
		/* L1 changed the descriptor meanwhile: walk again. */
		clear_out(out);
	}
	/* Kept losing the race: report as if the update had not happened. */
	set_fault(out, NVARM_S2_FAULT_ACCESS, out->level);
	return 0;
}
