// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * EL2-to-EL1 shadow mapping, the tables: which values the hardware EL1 registers hold while L1
 * runs in virtual EL2 (L1 really executes at EL1), and the way back (the functions that move
 * them are shadow.c's; vel2.c asks which bits a row carries to say RELOAD).
 *
 * Two declarative tables, one line per field: VHE (E2H=1, the EL2 registers have the EL1
 * layouts, so whole registers are copied) and non-VHE (E2H=0, EL2 formats translated field by
 * field into EL1 formats). Row operations:
 *   COPY  width bits at src_lo of the EL2 register -> dst_lo of the EL1 register;
 *   INV2  one EL2 trap bit -> a 2-bit EL1 enable field (0 -> 0b11 "no trap", 1 -> 0b00);
 *   SET   constant bits in the EL1 register (controls with no EL2 counterpart that must take
 *         the value making EL1 behave as EL2 does, e.g. SCTLR_EL1.SPAN/EIS/EOS).
 * Saving runs the same rows backwards; EL2 fields that no row covers keep their value.
 *
 * Not here: CNTKCTL_EL1. Its one owner is the vtimer (include/nvarm/vtimer.h, hardware slot
 * NVARM_VTIMER_HWREG_CNTKCTL): L1's CNTKCTL_EL1 accesses do not trap (FEAT_NV2: "always
 * hardware"), and natively they name L2's CNTKCTL_EL1 when E2H=0 but CNTHCTL_EL2 (whose [9:0]
 * share CNTKCTL_EL1's layout) when E2H=1 (Arm ARM D24.2 CNTKCTL_EL1, "When FEAT_VHE is
 * implemented and HCR_EL2.E2H is 1, ... accesses CNTHCTL_EL2"). So the hardware register must
 * hold L2's value while a non-VHE L1 runs and L1's CNTHCTL_EL2 [9:0] while a VHE one runs, which
 * is the vtimer's CNTKCTL map; a shadow row deriving it from CNTHCTL_EL2 would overwrite L2's
 * value on every vEL2 load and fold L1's writes into its own CNTHCTL_EL2.
 *
 * Non-VHE note: stage-1 descriptors of an EL2 regime have one privilege level; L0 runs a
 * non-VHE L1 with HCR_EL2.NV1=1 so that the EL1&0 regime treats AP[1] and UXN/PXN as EL2 does
 * (see nvarm_shadow_hcr_bits()).
 */
#include "shadow_rows.h"

/* COPY rows carry their field mask in bits (nvarm__wmask(w), checked) */
#define R_WMASK(w) ((w) >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << ((w)&63)) - 1)
#define R_COPY(i, e, s, d, w)                                                                      \
	{                                                                                          \
		NVARM_EL1_##i, COPY, (s), (d), (w), NVARM_SR_##e, R_WMASK(w)                       \
	}
#define R_ALL(i, e) R_COPY(i, e, 0, 0, 64)
#define R_INV2(i, e, s, d)                                                                         \
	{                                                                                          \
		NVARM_EL1_##i, INV2, (s), (d), 2, NVARM_SR_##e, 0                                  \
	}
#define R_SET(i, e, b)                                                                             \
	{                                                                                          \
		NVARM_EL1_##i, SET, 0, 0, 0, NVARM_SR_##e, (b)                                     \
	}

/*
 * Both tables are in ascending order of the EL2 register (its nvarm_sysreg_id: its encoding),
 * which nvarm__shadow_rows_check checks: nvarm_shadow_vel2_sources() and
 * nvarm_shadow_needs_sync(), asked on L1's traps, find a register's rows by binary search.
 */
/* Registers whose EL2 and EL1 layouts are the same in both modes (after TCR_EL2). */
#define COMMON_TAIL_ROWS                                                                           \
	R_ALL(SPSR_EL1, SPSR_EL2), R_ALL(ELR_EL1, ELR_EL2), R_ALL(AFSR0_EL1, AFSR0_EL2),           \
	    R_ALL(AFSR1_EL1, AFSR1_EL2), R_ALL(ESR_EL1, ESR_EL2), R_ALL(FAR_EL1, FAR_EL2),         \
	    R_ALL(MAIR_EL1, MAIR_EL2), R_ALL(AMAIR_EL1, AMAIR_EL2), R_ALL(VBAR_EL1, VBAR_EL2),     \
	    R_ALL(CONTEXTIDR_EL1, CONTEXTIDR_EL2), R_ALL(SCXTNUM_EL1, SCXTNUM_EL2)

/* clang-format off */
static const struct xrow vhe_rows[] = {
	R_ALL(SCTLR_EL1, SCTLR_EL2),
	/* CPTR_EL2 (E2H=1) has CPACR_EL1's ZEN, FPEN, SMEN, TTA; TAM/TCPAC are EL2-only */
	R_COPY(CPACR_EL1, CPTR_EL2, 16, 16, 2),
	R_COPY(CPACR_EL1, CPTR_EL2, 20, 20, 2),
	R_COPY(CPACR_EL1, CPTR_EL2, 24, 24, 2),
	R_COPY(CPACR_EL1, CPTR_EL2, 28, 28, 1),
	R_ALL(ZCR_EL1, ZCR_EL2),
	R_ALL(SMCR_EL1, SMCR_EL2),
	R_ALL(TTBR0_EL1, TTBR0_EL2),
	R_ALL(TTBR1_EL1, TTBR1_EL2),
	R_ALL(TCR_EL1, TCR_EL2),
	COMMON_TAIL_ROWS,
};

static const struct xrow nvhe_rows[] = {
	/* SCTLR_EL2 (E2H=0) -> SCTLR_EL1: M, A, C, SA, nAA, I, EnDB, WXN, IESB, EE, EnDA, EnIB,
	 * EnIA, BT (EL2 BT -> EL1 BT1), DSSBS, NMI and SPINTMASK (FEAT_NMI: RES0 in the file
	 * for an L1 without it) keep their positions */
	R_COPY(SCTLR_EL1, SCTLR_EL2, 0, 0, 4),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 6, 6, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 12, 12, 2),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 19, 19, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 21, 21, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 25, 25, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 27, 27, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 30, 30, 2),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 36, 36, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 44, 44, 1),
	R_COPY(SCTLR_EL1, SCTLR_EL2, 61, 61, 2),
	/* the RES1 bits of SCTLR_EL2 (E2H=0) are EL1 controls whose 1 means "as at EL2":
	 * SA0, CP15BEN, EOS, nTWI, nTWE, EIS, SPAN (PAN unchanged on entry), nTLSMD, LSMAOE */
	R_SET(SCTLR_EL1, SCTLR_EL2, NVARM_BIT(4) | NVARM_BIT(5) | NVARM_BIT(11) | NVARM_BIT(16) |
				    NVARM_BIT(18) | NVARM_BIT(22) | NVARM_BIT(23) | NVARM_BIT(28) |
				    NVARM_BIT(29)),
	/* CPTR_EL2 (E2H=0) trap bits -> CPACR_EL1 enables */
	R_INV2(CPACR_EL1, CPTR_EL2, 8, 16),   /* TZ -> ZEN */
	R_INV2(CPACR_EL1, CPTR_EL2, 10, 20),  /* TFP -> FPEN */
	R_INV2(CPACR_EL1, CPTR_EL2, 12, 24),  /* TSM -> SMEN (RES1 without SME: SMEN 0b00) */
	R_COPY(CPACR_EL1, CPTR_EL2, 20, 28, 1), /* TTA */
	R_ALL(ZCR_EL1, ZCR_EL2),
	R_ALL(SMCR_EL1, SMCR_EL2),
	/* TTBR0_EL2 (E2H=0) has no ASID: BADDR and CnP only; TTBR1_EL1 stays 0 */
	R_COPY(TTBR0_EL1, TTBR0_EL2, 0, 0, 48),
	/* TCR_EL2 (E2H=0) -> TCR_EL1 */
	R_COPY(TCR_EL1, TCR_EL2, 0, 0, 6),    /* T0SZ */
	R_COPY(TCR_EL1, TCR_EL2, 8, 8, 8),    /* IRGN0, ORGN0, SH0, TG0 */
	R_COPY(TCR_EL1, TCR_EL2, 16, 32, 3),  /* PS -> IPS */
	R_COPY(TCR_EL1, TCR_EL2, 20, 37, 1),  /* TBI -> TBI0 */
	R_COPY(TCR_EL1, TCR_EL2, 21, 39, 2),  /* HA, HD */
	R_COPY(TCR_EL1, TCR_EL2, 24, 41, 1),  /* HPD -> HPD0 */
	R_COPY(TCR_EL1, TCR_EL2, 25, 43, 4),  /* HWU59-62 -> HWU059-062 */
	R_COPY(TCR_EL1, TCR_EL2, 29, 51, 1),  /* TBID -> TBID0 */
	R_COPY(TCR_EL1, TCR_EL2, 30, 57, 1),  /* TCMA -> TCMA0 */
	R_COPY(TCR_EL1, TCR_EL2, 32, 59, 1),  /* DS */
	R_SET(TCR_EL1, TCR_EL2, NVARM_BIT(23)), /* EPD1: one VA range at EL2 */
	COMMON_TAIL_ROWS,
};
/* clang-format on */

const struct xrow *nvarm__shadow_rows(bool vhe, size_t *n)
{
	if (vhe) {
		*n = NVARM_ARRAY_SIZE(vhe_rows);
		return vhe_rows;
	}
	*n = NVARM_ARRAY_SIZE(nvhe_rows);
	return nvhe_rows;
}

static void rows_of(bool vhe, const struct xrow **rows, size_t *n)
{
	*rows = nvarm__shadow_rows(vhe, n);
}

NVARM_STATIC_ASSERT(NVARM_EL1__COUNT <= NVARM_VEL2_SHADOW_MAX, "struct nvarm_vel2 shadow_run");
NVARM_STATIC_ASSERT(NVARM_SR__COUNT < 0x8000 && NVARM_VNCR_PAGE_SIZE / 8 < 0x8000,
		    "nvarm__vel2_slot_code: 15 bits of index");
NVARM_STATIC_ASSERT(NVARM_ARRAY_SIZE(nvhe_rows) < 255 && NVARM_ARRAY_SIZE(vhe_rows) < 255,
		    "shadow_run holds row indexes");

int nvarm__shadow_rows_check(bool vhe, unsigned *bad)
{
	const struct xrow *rows;
	size_t n;

	rows_of(vhe, &rows, &n);
	for (size_t i = 0; i < n; i++) {
		const struct xrow *r = &rows[i];
		bool ok =
		    r->idx < NVARM_EL1__COUNT && r->el2 < NVARM_SR__COUNT &&
		    (nvarm__sysreg_tab[r->el2].flags & NVARM_SRF_EL2) &&
		    (r->op == SET ? r->bits != 0
				  : r->width >= 1 && r->src_lo + r->width <= 64 &&
					r->dst_lo + (r->op == INV2 ? 2 : r->width) <= 64 &&
					r->bits == (r->op == COPY ? nvarm__wmask(r->width) : 0));

		for (size_t k = 0; ok && k < i; k++) {
			const struct xrow *o = &rows[k];

			/* one EL1 field per row, one EL2 field per row, no overlaps */
			if (o->idx == r->idx && (nvarm__row_dst(o) & nvarm__row_dst(r)))
				ok = false;
			if (o->el2 == r->el2 && (nvarm__row_src(o) & nvarm__row_src(r)))
				ok = false;
			/* the rows of one EL2 register are adjacent (the save walks them as a run),
			 * and so are those of one EL1 register: each EL2 register is carried by
			 * one EL1 register and each EL1 register carries one EL2 register (the
			 * load and the save walk each EL1 register's rows: nvarm__shadow_runs) */
			if (o->el2 == r->el2 && rows[i - 1].el2 != r->el2)
				ok = false;
			if ((o->idx == r->idx) != (o->el2 == r->el2))
				ok = false;
		}
		/* ascending EL2 registers (the lookups by register search the table) */
		if (i > 0 && rows[i - 1].el2 > r->el2)
			ok = false;
		if (!ok) {
			if (bad)
				*bad = (unsigned)i;
			return NVARM_ERR_STATE;
		}
	}
	return 0;
}

uint32_t nvarm__shadow_runs(bool vhe, uint8_t run[NVARM_VEL2_SHADOW_MAX][2])
{
	const struct xrow *rows;
	uint32_t have = 0;
	size_t n;

	rows_of(vhe, &rows, &n);
	for (size_t i = 0; i < n; i++) {
		unsigned idx = rows[i].idx;

		if (!((have >> idx) & 1))
			run[idx][0] = (uint8_t)i;
		run[idx][1] = (uint8_t)(i + 1);
		have |= UINT32_C(1) << idx;
	}
	return have;
}

/* L1's virtual EL1 register of each hardware EL1 slot (the list of sysreg.h). */
static const uint16_t vel1_ids[NVARM_EL1__COUNT] = {
#define NVARM_X_(n) NVARM_SR_##n,
    NVARM_EL1_REG_LIST(NVARM_X_)
#undef NVARM_X_
};

static const uint64_t zero_word; /* the source of EL1 registers no EL2 register feeds */

static const uint64_t *word_of(const struct nvarm_vel2 *v, unsigned id)
{
	const uint64_t *p = nvarm__vel2_slot(v, id);

	return p ? p : &zero_word;
}

/*
 * The world switch's tables (shadow.c: the *_diff loads, the vEL1 save): the slot codes and
 * the special cases of the vEL2 load turned into one word pointer per EL1 register, and a
 * (word & keep) | set per register where that is all of it. The vEL2 context's special
 * registers (shadow.c load_ids, cpacr_absent, MDSCR_EL1) are such copies: VPIDR_EL2 holds
 * the VM's MIDR_EL1, VMPIDR_EL2 the vCPU's MPIDR (the file's MPIDR_EL1 slot), MDSCR_EL1 the
 * file's MDSCR_EL1, CPACR_EL1 gets the absent features' enables set; registers no row
 * writes read 0.
 */
static void shadow_sw_index(struct nvarm_vel2 *v)
{
	const uint64_t absent = nvarm__shadow_cpacr_absent(v);

	for (unsigned l = 0; l < 2; l++) {
		uint32_t have = v->shadow_idx[l], rows_m = 0;

		for (unsigned idx = 0; idx < NVARM_EL1__COUNT; idx++) {
			const uint64_t *src = &zero_word;
			uint64_t keep = 0, set = 0;
			bool smp = true;

			if ((have >> idx) & 1) {
				const struct xrow *rows;
				size_t n;

				rows_of(l != 0, &rows, &n);
				src = word_of(v, rows[v->shadow_run[l][idx][0]].el2);
				smp = (v->shadow_simple[l] >> idx) & 1;
				if (smp) {
					keep = v->shadow_keep[l][idx];
					set = v->shadow_set[l][idx];
				}
			}
			if (idx == NVARM_EL1_VPIDR_EL2)
				src = &v->cfg->id.midr, keep = ~UINT64_C(0), set = 0, smp = true;
			else if (idx == NVARM_EL1_VMPIDR_EL2)
				src = &v->regs[NVARM_SR_MPIDR_EL1], keep = ~UINT64_C(0), set = 0,
				smp = true;
			else if (idx == NVARM_EL1_MDSCR_EL1)
				src = word_of(v, NVARM_SR_MDSCR_EL1), keep = ~UINT64_C(0), set = 0,
				smp = true;
			if (idx == NVARM_EL1_CPACR_EL1)
				set |= absent;
			v->sw_src[l][idx] = src;
			v->sw_keep[l][idx] = keep;
			v->sw_set[l][idx] = set;
			v->sw_xset[l][idx] = smp ? 0 : set;
			rows_m |= (uint32_t)!smp << idx;
		}
		v->sw_rows[l] = rows_m;
		v->sw_mvalid[l] = 0;
	}
	v->sw_vel1_none = 0;
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++) {
		v->sw_vel1[i] = word_of(v, vel1_ids[i]);
		if (!nvarm__vel2_slot(v, vel1_ids[i]))
			v->sw_vel1_none |= UINT32_C(1) << i;
	}
	v->sw_valid[0] = nvarm__shadow_valid_mask(v, false);
	v->sw_valid[1] = nvarm__shadow_valid_mask(v, true);
	v->sw_self = v;
	v->sw_vncr = v->vncr;
	v->sw_cfg = v->cfg;
}

/*
 * Per layout: each EL1 register's rows, and for those whose rows only copy fields in place
 * (COPY with src_lo == dst_lo: the VHE layout's registers, SCTLR_EL2 and TTBR0_EL2 without
 * VHE) or set constant bits, the two masks that do all of it at once: the EL1 register is
 * (EL2 & keep) | set, and the EL2 register gets back (EL2 & ~keep) | (EL1 & keep). And where
 * each EL2 register, and each of L1's virtual EL1 registers, is stored.
 */
void nvarm__shadow_index(struct nvarm_vel2 *v)
{
	for (unsigned l = 0; l < 2; l++) {
		const struct xrow *rows;
		size_t n;
		uint32_t have = nvarm__shadow_runs(l != 0, v->shadow_run[l]), simple = 0;

		rows_of(l != 0, &rows, &n);
		for (uint32_t m = have; m; m &= m - 1) {
			unsigned idx = (unsigned)__builtin_ctz(m);
			uint64_t keep = 0, set = 0;
			bool in_place = true;

			for (unsigned i = v->shadow_run[l][idx][0]; i < v->shadow_run[l][idx][1];
			     i++) {
				const struct xrow *r = &rows[i];

				if (r->op == SET)
					set |= r->bits;
				else if (r->op == COPY && r->src_lo == r->dst_lo)
					keep |= r->bits << r->src_lo;
				else
					in_place = false;
			}
			v->shadow_keep[l][idx] = keep;
			v->shadow_set[l][idx] = set;
			v->shadow_src[l][idx] =
			    nvarm__vel2_slot_code(v, rows[v->shadow_run[l][idx][0]].el2);
			simple |= (uint32_t)in_place << idx;
		}
		v->shadow_idx[l] = have;
		v->shadow_simple[l] = simple;
	}
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		v->vel1_src[i] = nvarm__vel2_slot_code(v, vel1_ids[i]);
	v->shadow_indexed = 1;
	shadow_sw_index(v);
}

/* The first row of EL2 register @reg in layout @vhe (the rows ascend by register: binary
 * search), or NULL when no row carries it. */
static const struct xrow *rows_find(bool vhe, unsigned reg, const struct xrow **end)
{
	const struct xrow *rows;
	size_t n, lo = 0, hi;

	rows_of(vhe, &rows, &n);
	for (hi = n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if (rows[mid].el2 < reg)
			lo = mid + 1;
		else
			hi = mid;
	}
	*end = rows + n;
	return lo < n && rows[lo].el2 == reg ? &rows[lo] : NULL;
}

uint64_t nvarm__shadow_mirror_bits(unsigned el2_id)
{
	uint64_t m = 0;

	/* both layouts: under FEAT_NV2 the hardware may still hold the other one until the L0
	 * notices an E2H flip, and a VHE row copies most registers whole anyway. Asked on each
	 * of L1's trapped writes: a register's rows are adjacent, found by binary search. */
	for (unsigned vhe = 0; vhe < 2; vhe++) {
		const struct xrow *r, *end;

		for (r = rows_find(vhe != 0, el2_id, &end); r && r < end && r->el2 == el2_id; r++)
			m |= nvarm__row_src(r);
	}
	return m;
}

bool nvarm_shadow_needs_sync(unsigned reg)
{
	const struct xrow *end;

	if (reg >= NVARM_SR__COUNT || !(nvarm__sysreg_tab[reg].flags & NVARM_SRF_EL2) ||
	    reg == NVARM_SR_HCR_EL2)
		return true;
	return rows_find(false, reg, &end) || rows_find(true, reg, &end);
}

/* the register's rows are adjacent and all write one EL1 register
 * (nvarm__shadow_rows_check): it is a source if one row copies a field */
static uint32_t one_source(bool vhe, unsigned reg)
{
	const struct xrow *r, *end;

	for (r = rows_find(vhe, reg, &end); r && r < end && r->el2 == reg; r++)
		if (r->op != SET)
			return UINT32_C(1) << r->idx;
	return 0;
}

uint32_t nvarm_shadow_vel2_sources(bool vhe, unsigned reg)
{
	if (reg >= NVARM_SR__COUNT || !(nvarm__sysreg_tab[reg].flags & NVARM_SRF_EL2))
		return 0;
	/* an SVE or SME register's access checks L1's CPTR_EL2 first (nvarm_vel2_exc_esr) */
	if (nvarm__reg_under_cptr(reg))
		return one_source(vhe, NVARM_SR_CPTR_EL2) | one_source(vhe, reg);
	return one_source(vhe, reg);
}
