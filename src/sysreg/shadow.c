// SPDX-License-Identifier: BSD-2-Clause OR GPL-2.0-only
/*
 * EL2-to-EL1 shadow mapping: which values the hardware EL1 registers hold while L1 runs in
 * virtual EL2 (L1 really executes at EL1), and the way back.
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
#include "sysreg_priv.h"

enum { COPY, INV2, SET };

struct xrow {
	uint8_t idx; /* enum nvarm_el1_idx */
	uint8_t op;
	uint8_t src_lo; /* COPY/INV2: bit in the EL2 register */
	uint8_t dst_lo; /* COPY/INV2: bit in the EL1 register */
	uint8_t width;	/* COPY: field width (64: whole register) */
	uint16_t el2;	/* the EL2 register (nvarm_sysreg_id) */
	uint64_t bits;	/* SET: constant bits */
};

#define R_COPY(i, e, s, d, w)                                                                      \
	{                                                                                          \
		NVARM_EL1_##i, COPY, (s), (d), (w), NVARM_SR_##e, 0                                \
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

/* Registers whose EL2 and EL1 layouts are the same in both modes. */
#define COMMON_ROWS                                                                                \
	R_ALL(ZCR_EL1, ZCR_EL2), R_ALL(SPSR_EL1, SPSR_EL2), R_ALL(ELR_EL1, ELR_EL2),               \
	    R_ALL(AFSR0_EL1, AFSR0_EL2), R_ALL(AFSR1_EL1, AFSR1_EL2), R_ALL(ESR_EL1, ESR_EL2),     \
	    R_ALL(FAR_EL1, FAR_EL2), R_ALL(MAIR_EL1, MAIR_EL2), R_ALL(AMAIR_EL1, AMAIR_EL2),       \
	    R_ALL(VBAR_EL1, VBAR_EL2), R_ALL(CONTEXTIDR_EL1, CONTEXTIDR_EL2)

/* clang-format off */
static const struct xrow vhe_rows[] = {
	R_ALL(SCTLR_EL1, SCTLR_EL2),
	R_ALL(TTBR0_EL1, TTBR0_EL2),
	R_ALL(TTBR1_EL1, TTBR1_EL2),
	R_ALL(TCR_EL1, TCR_EL2),
	/* CPTR_EL2 (E2H=1) has CPACR_EL1's ZEN, FPEN, SMEN, TTA; TAM/TCPAC are EL2-only */
	R_COPY(CPACR_EL1, CPTR_EL2, 16, 16, 2),
	R_COPY(CPACR_EL1, CPTR_EL2, 20, 20, 2),
	R_COPY(CPACR_EL1, CPTR_EL2, 24, 24, 2),
	R_COPY(CPACR_EL1, CPTR_EL2, 28, 28, 1),
	COMMON_ROWS,
};

static const struct xrow nvhe_rows[] = {
	/* SCTLR_EL2 (E2H=0) -> SCTLR_EL1: M, A, C, SA, nAA, I, EnDB, WXN, IESB, EE, EnDA, EnIB,
	 * EnIA, BT (EL2 BT -> EL1 BT1), DSSBS keep their positions */
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
	/* the RES1 bits of SCTLR_EL2 (E2H=0) are EL1 controls whose 1 means "as at EL2":
	 * SA0, CP15BEN, EOS, nTWI, nTWE, EIS, SPAN (PAN unchanged on entry), nTLSMD, LSMAOE */
	R_SET(SCTLR_EL1, SCTLR_EL2, NVARM_BIT(4) | NVARM_BIT(5) | NVARM_BIT(11) | NVARM_BIT(16) |
				    NVARM_BIT(18) | NVARM_BIT(22) | NVARM_BIT(23) | NVARM_BIT(28) |
				    NVARM_BIT(29)),
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
	/* CPTR_EL2 (E2H=0) trap bits -> CPACR_EL1 enables */
	R_INV2(CPACR_EL1, CPTR_EL2, 8, 16),   /* TZ -> ZEN */
	R_INV2(CPACR_EL1, CPTR_EL2, 10, 20),  /* TFP -> FPEN */
	R_COPY(CPACR_EL1, CPTR_EL2, 20, 28, 1), /* TTA */
	COMMON_ROWS,
};
/* clang-format on */

static const uint16_t el1_ids[NVARM_EL1__COUNT] = {
#define NVARM_X_(n) NVARM_SR_##n,
    NVARM_EL1_REG_LIST(NVARM_X_)
#undef NVARM_X_
};

unsigned nvarm_el1_reg_id(unsigned idx)
{
	return idx < NVARM_EL1__COUNT ? el1_ids[idx] : NVARM_SR_NONE;
}

static inline uint64_t wmask(unsigned width)
{
	return width >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << width) - 1;
}

static void rows_of(bool vhe, const struct xrow **rows, size_t *n)
{
	if (vhe) {
		*rows = vhe_rows;
		*n = NVARM_ARRAY_SIZE(vhe_rows);
	} else {
		*rows = nvhe_rows;
		*n = NVARM_ARRAY_SIZE(nvhe_rows);
	}
}

/*
 * The identification registers of the EL1 context (Arm ARM D23.2 VPIDR_EL2/VMPIDR_EL2: MIDR_EL1
 * and MPIDR_EL1 read at EL1 return them). L1 at vEL2 runs at EL1 too, so it reads the VM's
 * MIDR_EL1 and its vCPU's MPIDR_EL1 (kept, masked, in the file's otherwise unused MPIDR_EL1
 * slot: a forwarded register; nvarm_shadow_set_mpidr()); L2 reads what L1 wrote to its virtual
 * VPIDR/VMPIDR_EL2 (the file applies their RES0/RES1 bits; under NV2 nvarm_vel2_sanitise()
 * re-applies them to the page after L1 ran, before the L0 loads L2's context).
 */
static void load_ids(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw, bool vel2)
{
	hw->r[NVARM_EL1_VPIDR_EL2] =
	    vel2 ? v->cfg->id.midr : nvarm__vel2_get(v, NVARM_SR_VPIDR_EL2);
	hw->r[NVARM_EL1_VMPIDR_EL2] =
	    vel2 ? v->regs[NVARM_SR_MPIDR_EL1] : nvarm__vel2_get(v, NVARM_SR_VMPIDR_EL2);
}

int nvarm_shadow_set_mpidr(struct nvarm_vel2 *v, uint64_t mpidr)
{
	uint64_t r0 = 0, r1 = 0;

	if (!v)
		return NVARM_ERR_INVAL;
	/* MPIDR_EL1 has VMPIDR_EL2's layout (RES1 bit 31, RES0 [63:40] and [29:25]) */
	nvarm_vel2_masks(v, NVARM_SR_VMPIDR_EL2, &r0, &r1);
	v->regs[NVARM_SR_MPIDR_EL1] = (mpidr & ~r0) | r1;
	return 0;
}

static uint32_t valid_mask(const struct nvarm_vel2 *v, bool vel2)
{
	uint32_t m = (UINT32_C(1) << NVARM_EL1__COUNT) - 1;

	if (vel2) /* the hardware SP_EL1 is L1's own SP while it runs in vEL2 */
		m &= ~(UINT32_C(1) << NVARM_EL1_SP_EL1);
	if (!(v->cfg->features & NVARM_VMF_SVE))
		m &= ~(UINT32_C(1) << NVARM_EL1_ZCR_EL1);
	return m;
}

/* Bits a row writes in the EL1 register, and reads in the EL2 register. */
static uint64_t row_dst(const struct xrow *r)
{
	if (r->op == SET)
		return r->bits;
	return (r->op == INV2 ? UINT64_C(3) : wmask(r->width)) << r->dst_lo;
}

static uint64_t row_src(const struct xrow *r)
{
	if (r->op == SET)
		return 0;
	return (r->op == INV2 ? UINT64_C(1) : wmask(r->width)) << r->src_lo;
}

int nvarm__shadow_rows_check(bool vhe, unsigned *bad)
{
	const struct xrow *rows;
	size_t n;

	rows_of(vhe, &rows, &n);
	for (size_t i = 0; i < n; i++) {
		const struct xrow *r = &rows[i];
		bool ok = r->idx < NVARM_EL1__COUNT && r->el2 < NVARM_SR__COUNT &&
			  (nvarm__sysreg_tab[r->el2].flags & NVARM_SRF_EL2) &&
			  (r->op == SET ? r->bits != 0
					: r->width >= 1 && r->src_lo + r->width <= 64 &&
					      r->dst_lo + (r->op == INV2 ? 2 : r->width) <= 64);

		for (size_t k = 0; ok && k < i; k++) {
			const struct xrow *o = &rows[k];

			/* one EL1 field per row, one EL2 field per row, no overlaps */
			if (o->idx == r->idx && (row_dst(o) & row_dst(r)))
				ok = false;
			if (o->el2 == r->el2 && (row_src(o) & row_src(r)))
				ok = false;
			/* the rows of one EL2 register are adjacent (the save walks them as a run)
			 */
			if (o->el2 == r->el2 && rows[i - 1].el2 != r->el2)
				ok = false;
		}
		if (!ok) {
			if (bad)
				*bad = (unsigned)i;
			return NVARM_ERR_STATE;
		}
	}
	return 0;
}

uint64_t nvarm__shadow_mirror_bits(unsigned el2_id)
{
	uint64_t m = 0;

	/* both layouts: under FEAT_NV2 the hardware may still hold the other one until the L0
	 * notices an E2H flip, and a VHE row copies most registers whole anyway */
	for (size_t i = 0; i < NVARM_ARRAY_SIZE(nvhe_rows); i++)
		if (nvhe_rows[i].el2 == el2_id)
			m |= row_src(&nvhe_rows[i]);
	for (size_t i = 0; i < NVARM_ARRAY_SIZE(vhe_rows); i++)
		if (vhe_rows[i].el2 == el2_id)
			m |= row_src(&vhe_rows[i]);
	return m;
}

int nvarm_shadow_vel2_load(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw)
{
	const struct xrow *rows;
	size_t n;
	bool vhe;

	if (!v || !hw)
		return NVARM_ERR_INVAL;
	nvarm_memset(hw, 0, sizeof(*hw));
	vhe = nvarm_vel2_is_vhe(v);
	rows_of(vhe, &rows, &n);
	for (size_t i = 0; i < n; i++) {
		const struct xrow *r = &rows[i];
		uint64_t src = nvarm__vel2_get(v, r->el2);
		uint64_t *dst = &hw->r[r->idx];

		if (r->op == SET)
			*dst |= r->bits;
		else if (r->op == INV2)
			*dst |= ((src >> r->src_lo) & 1) ? 0 : (UINT64_C(3) << r->dst_lo);
		else
			*dst |= ((src >> r->src_lo) & wmask(r->width)) << r->dst_lo;
	}
	load_ids(v, hw, true);
	/* MDSCR_EL1 is one register for EL2 and EL1 (no EL12 alias, DDI 0487 D24.3 MDSCR_EL1):
	 * L1 at vEL2 and L2 share it, so it holds the file's (L2's) value in both contexts. */
	hw->r[NVARM_EL1_MDSCR_EL1] = nvarm__vel2_get(v, NVARM_SR_MDSCR_EL1);
	hw->valid = valid_mask(v, true);
	hw->flags = NVARM_EL1F_VEL2 | (vhe ? NVARM_EL1F_VHE : 0);
	return 0;
}

int nvarm_shadow_vel2_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw)
{
	const struct xrow *rows;
	size_t n;
	bool vhe;

	if (!v || !hw || !(hw->flags & NVARM_EL1F_VEL2))
		return NVARM_ERR_INVAL;
	/* the layout the hardware holds: the load's, whatever E2H is now (NV2: not trapped) */
	vhe = (hw->flags & NVARM_EL1F_VHE) != 0;
	rows_of(vhe, &rows, &n);
	/* Each EL2 register (its rows are adjacent: nvarm__shadow_rows_check): start from the
	 * stored value, replace the covered fields. */
	for (size_t i = 0, end; i < n; i = end) {
		unsigned el2 = rows[i].el2;
		uint64_t val;

		for (end = i + 1; end < n && rows[end].el2 == el2; end++)
			;
		if (!((hw->valid >> rows[i].idx) & 1) || !nvarm__vel2_slot(v, el2))
			continue;
		val = nvarm__vel2_get(v, el2);
		for (size_t k = i; k < end; k++) {
			const struct xrow *r = &rows[k];
			uint64_t f = hw->r[r->idx];

			if (r->op == INV2) {
				uint64_t trap = ((f >> r->dst_lo) & 3) != 3;
				val = (val & ~NVARM_BIT(r->src_lo)) | (trap << r->src_lo);
			} else if (r->op == COPY) {
				uint64_t m = wmask(r->width);
				val = (val & ~(m << r->src_lo)) |
				      (((f >> r->dst_lo) & m) << r->src_lo);
			}
		}
		/* FEAT_NV with NV1=1 and no NV2: the hardware recorded exceptions L1 took in vEL2
		 * as taken from EL1 (SPSR_EL1.M = EL1t/EL1h); L1 must see EL2t/EL2h. L1 cannot
		 * write SPSR_EL1 without trapping in that mode, so a value that differs from the
		 * one loaded (the file's) was written by such an exception. */
		if (el2 == NVARM_SR_SPSR_EL2 && !vhe && v->cfg->host_nv == NVARM_HOST_NV &&
		    val != nvarm__vel2_get(v, el2) && !(val & NVARM_PSR_NRW) &&
		    ((val >> 2) & 3) == 1)
			val = (val & ~UINT64_C(0xc)) | (2u << 2);
		/* stored values already have their RES0/RES1 bits: only changes need the masks */
		if (val != nvarm__vel2_get(v, el2))
			nvarm__vel2_set(v, el2, val);
	}
	/* MDSCR_EL1 (shared, see the load): under FEAT_NV alone L1 writes the hardware register
	 * without a trap (unless MDCR_EL2.TDA); under NV2 its accesses go to the VNCR page and
	 * the hardware still holds the loaded value, which must not overwrite the page. */
	if (v->cfg->host_nv == NVARM_HOST_NV && ((hw->valid >> NVARM_EL1_MDSCR_EL1) & 1) &&
	    hw->r[NVARM_EL1_MDSCR_EL1] != nvarm__vel2_get(v, NVARM_SR_MDSCR_EL1))
		nvarm__vel2_set(v, NVARM_SR_MDSCR_EL1, hw->r[NVARM_EL1_MDSCR_EL1]);
	return 0;
}

int nvarm_shadow_vel1_load(const struct nvarm_vel2 *v, struct nvarm_el1_regs *hw)
{
	if (!v || !hw)
		return NVARM_ERR_INVAL;
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		hw->r[i] = nvarm__vel2_get(v, el1_ids[i]);
	load_ids(v, hw, false);
	hw->valid = valid_mask(v, false);
	hw->flags = 0;
	return 0;
}

int nvarm_shadow_vel1_save(struct nvarm_vel2 *v, const struct nvarm_el1_regs *hw)
{
	if (!v || !hw)
		return NVARM_ERR_INVAL;
	for (unsigned i = 0; i < NVARM_EL1__COUNT; i++)
		if (((hw->valid >> i) & 1) && i != NVARM_EL1_VPIDR_EL2 &&
		    i != NVARM_EL1_VMPIDR_EL2 && nvarm__vel2_slot(v, el1_ids[i]) &&
		    hw->r[i] != nvarm__vel2_get(v, el1_ids[i]))
			nvarm__vel2_set(v, el1_ids[i], hw->r[i]);
	return 0;
}

uint64_t nvarm_shadow_hcr_bits(const struct nvarm_vel2 *v)
{
	uint64_t b;

	if (!v)
		return 0;
	b = NVARM_HCR_NV;
	if (v->cfg->host_nv == NVARM_HOST_NV2)
		b |= NVARM_HCR_NV2;
	if (!nvarm_vel2_is_vhe(v)) {
		b |= NVARM_HCR_NV1;
		if (v->cfg->host_nv == NVARM_HOST_NV)
			b |= NVARM_HCR_TVM | NVARM_HCR_TRVM;
	}
	return b;
}

bool nvarm_shadow_needs_sync(unsigned reg)
{
	const bool layouts[] = {false, true};

	if (reg >= NVARM_SR__COUNT || !(nvarm__sysreg_tab[reg].flags & NVARM_SRF_EL2) ||
	    reg == NVARM_SR_HCR_EL2)
		return true;
	for (size_t l = 0; l < NVARM_ARRAY_SIZE(layouts); l++) {
		const struct xrow *rows;
		size_t n;

		rows_of(layouts[l], &rows, &n);
		for (size_t i = 0; i < n; i++)
			if (rows[i].el2 == reg)
				return true;
	}
	return false;
}

uint32_t nvarm_shadow_vel2_sources(bool vhe, unsigned reg)
{
	const struct xrow *rows;
	uint32_t m = 0;
	size_t n;

	if (reg >= NVARM_SR__COUNT || !(nvarm__sysreg_tab[reg].flags & NVARM_SRF_EL2))
		return 0;
	rows_of(vhe, &rows, &n);
	for (size_t i = 0; i < n; i++)
		if (rows[i].el2 == reg && rows[i].op != SET)
			m |= UINT32_C(1) << rows[i].idx;
	return m;
}

uint64_t nvarm_shadow_cptr_bits(const struct nvarm_vel2 *v)
{
	/* the same condition as TVM/TRVM: EL1-named accesses that must not reach the shadow */
	return (nvarm_shadow_hcr_bits(v) & NVARM_HCR_TVM) ? NVARM_CPTR_TCPAC : 0;
}
